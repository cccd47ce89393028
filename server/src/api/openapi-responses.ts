import { apiFailureSchema, apiResponseSchema } from '@epoch/shared';
import { z } from 'zod';
import type { ZodOpenApiResponsesObject } from 'zod-openapi';

/** Building blocks of the route declarations' documented responses and path parameters. */

export const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });

const FAILURE_TEXT: Record<number, string> = {
  400: 'Invalid input; `message` and `data.issues` name each offending field',
  401: 'No valid credentials (see the security schemes)',
  403: 'READ_ONLY caller, or a cookie-authenticated write without `X-Requested-With: XMLHttpRequest`',
  404: 'No such topology',
  409: 'A topology with this name exists, or it changed concurrently',
  503: 'ZooKeeper unavailable; retry after `Retry-After` seconds',
};

export const failures = (...codes: number[]): ZodOpenApiResponsesObject =>
  Object.fromEntries(
    codes.map((code) => [
      String(code),
      { description: FAILURE_TEXT[code] ?? 'Failure', ...json(apiFailureSchema) },
    ]),
  );

/** A failure response with its own description, for what a generic one would misstate. */
export const failure = (code: number, description: string): ZodOpenApiResponsesObject => ({
  [String(code)]: { description, ...json(apiFailureSchema) },
});

/** Epoch's success envelope around `schema`. */
export const ok = (schema: z.ZodType, description: string) => ({
  '200': { description, ...json(apiResponseSchema(schema)) },
});

const topologyIdParam = z.string().meta({ description: 'Topology id (= its name)' });
export const topologyPath = z.object({ topologyId: topologyIdParam });
export const runPath = z.object({
  topologyId: topologyIdParam,
  runId: z.string().meta({ description: 'Run id' }),
});
export const taskPath = runPath.extend({
  taskName: z.string().meta({ description: "Task name: the key in the run's `tasks`" }),
});
