import { z } from 'zod';

/** Epoch's (Drove's) response envelope. Epoch clients read `data` when `status` is SUCCESS. */
export function apiResponseSchema<T extends z.ZodType>(data: T) {
  return z.object({
    status: z.literal('SUCCESS'),
    data,
    message: z.string(),
  });
}

export const fieldIssueSchema = z.object({ field: z.string(), message: z.string() });

export const apiFailureSchema = z
  .object({
    status: z.literal('FAILED'),
    data: z
      .object({
        error: z.string().meta({ description: 'Error type, e.g. InputError, NotFoundError' }),
        validationErrors: z.array(z.string()).optional(),
        issues: z.array(fieldIssueSchema).optional(),
      })
      .nullable(),
    message: z.string(),
  })
  .meta({
    id: 'ApiFailure',
    description: 'Every failure: a 4xx/5xx status and this body naming the problem.',
  });

export type ApiFailure = z.infer<typeof apiFailureSchema>;
