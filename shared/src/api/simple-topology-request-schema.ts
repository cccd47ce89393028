import { z } from 'zod';
import { EMAILS_REGEX } from './regexes.js';
import { dockerExecutableSchema, mountedVolumeSchema } from './task-schema.js';
import { cronTimeSpecSchema, timeZoneSchema } from './trigger-schema.js';

/**
 * Epoch's SimpleTopologyEditRequest: the UI's flat form for a single docker task on a cron.
 * Epoch requires `notifyEmail`; we also accept it empty or absent (no mail).
 */
export const simpleTopologyEditRequestSchema = z
  .object({
    cron: cronTimeSpecSchema,
    timeZone: timeZoneSchema.default('UTC'),
    docker: dockerExecutableSchema.shape.url,
    cpus: z.number().int().min(1).max(40),
    memory: z.number().int().min(128).max(100_000),
    notifyEmail: z
      .string()
      .trim()
      .refine((value) => value === '' || EMAILS_REGEX.test(value), 'Invalid email(s) format')
      .optional(),
    env: z.record(z.string(), z.string()).default({}),
    volumes: z.array(mountedVolumeSchema).default([]),
  })
  .meta({ id: 'SimpleTopologyEditRequest' });

export type SimpleTopologyEditRequest = z.infer<typeof simpleTopologyEditRequestSchema>;
