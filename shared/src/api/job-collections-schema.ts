import { z } from 'zod';

const count = z.number().int().min(0);

/**
 * The Jobs page's table and histogram: per database and collection, how many jobs wait, and how many were
 * delivered or failed within the records' keep (EPOCH_JOB_RECORDS_KEEP).
 */
export const jobCollectionsSchema = z
  .object({
    generatedAt: z.number().int(),
    recordsKeepMs: z
      .number()
      .int()
      .meta({ description: 'How far back `delivered` and `failed` count (EPOCH_JOB_RECORDS_KEEP)' }),
    collections: z.array(
      z.object({
        database: z.string(),
        collection: z.string(),
        pending: count,
        delivered: count.meta({ description: 'Delivery records kept, DELIVERED' }),
        failed: count.meta({ description: 'Delivery records kept, FAILED' }),
        due: z
          .object({
            overdue: count,
            underMinute: count,
            underTenMinutes: count,
            underHour: count,
            underDay: count,
            later: count,
          })
          .meta({ description: 'Pending jobs by how far their `trigger_ms` is from `generatedAt`' }),
      }),
    ),
  })
  .meta({ id: 'JobCollections' });

export type JobCollections = z.infer<typeof jobCollectionsSchema>;
export type JobDueHistogram = JobCollections['collections'][number]['due'];
