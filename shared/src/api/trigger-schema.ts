import { z } from 'zod';
import { validateQuartzCron } from '../cron/index.js';
import { isValidTimeZone } from './time-zone.js';

export const timeZoneSchema = z
  .string()
  .refine(isValidTimeZone, { message: 'must be an IANA time zone, e.g. Europe/Berlin or UTC' })
  .meta({ description: 'IANA time zone', example: 'Europe/Berlin' });

export const cronTimeSpecSchema = z
  .string()
  .min(1)
  .superRefine((expression, ctx) => {
    const verdict = validateQuartzCron(expression);
    if (!verdict.valid) ctx.addIssue({ code: 'custom', message: verdict.message });
  })
  .meta({ description: 'Quartz 2.3.2 cron expression (6 or 7 fields)', example: '0 0/15 * * * ?' });

/** Jackson reads a `Date` from epoch milliseconds or an ISO-8601 string; we accept both and store ms. */
export const instantSchema = z.union([
  z.number().int().nonnegative(),
  z.iso
    .datetime({ offset: true })
    .transform((iso) => Date.parse(iso))
    .pipe(z.number().int()),
]);

export const cronTriggerSchema = z
  .object({
    type: z.literal('CRON'),
    timeSpec: cronTimeSpecSchema,
    timeZone: timeZoneSchema.default('UTC'),
  })
  .meta({ id: 'CronTrigger', description: 'Fires at every Quartz cron time, evaluated in `timeZone`.' });

export const atTriggerSchema = z
  .object({
    type: z.literal('AT'),
    time: instantSchema.meta({ description: 'Fire time, epoch milliseconds (or ISO-8601 on input)' }),
  })
  .meta({ id: 'AtTrigger', description: 'Fires once, at `time`, which must be in the future.' });

export const triggerSchema = z
  .discriminatedUnion('type', [cronTriggerSchema, atTriggerSchema])
  .meta({ id: 'Trigger' });

export type CronTrigger = z.infer<typeof cronTriggerSchema>;
export type AtTrigger = z.infer<typeof atTriggerSchema>;
export type Trigger = z.infer<typeof triggerSchema>;
