import {
  apiFailureSchema,
  apiResponseSchema,
  cronPreviewQuerySchema,
  cronPreviewSchema,
  simpleTopologyEditRequestSchema,
  topologyDetailsSchema,
  topologyListQuerySchema,
  topologySchema,
  TOTAL_COUNT_HEADER,
} from '@epoch/shared';
import { z } from 'zod';
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiResponsesObject } from 'zod-openapi';

const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });

const failures = (...codes: number[]): ZodOpenApiResponsesObject =>
  Object.fromEntries(
    codes.map((code) => [
      String(code),
      { description: FAILURE_TEXT[code] ?? 'Failure', ...json(apiFailureSchema) },
    ]),
  );

const FAILURE_TEXT: Record<number, string> = {
  400: 'Invalid input; `message` and `data.issues` name each offending field',
  404: 'No such topology',
  409: 'A topology with this name exists, or it changed concurrently',
  503: 'ZooKeeper unavailable; retry after `Retry-After` seconds',
};

const ok = (schema: z.ZodType, description: string) => ({
  '200': { description, ...json(apiResponseSchema(schema)) },
});

const topologyId = z.object({ topologyId: z.string().meta({ description: 'Topology id (= its name)' }) });

const operation = (op: ZodOpenApiOperationObject): ZodOpenApiOperationObject => ({
  tags: ['topologies'],
  ...op,
});

/** The OpenAPI 3.1 document, generated from the same zod schemas that validate requests. */
export function openApiDocument(version: string): ReturnType<typeof createDocument> {
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Epoch API',
      version,
      description:
        'Epoch-compatible REST API. Successes are HTTP 200 with `{status:"SUCCESS", data, message}`; ' +
        'failures use real HTTP codes with `{status:"FAILED", data, message}`.',
    },
    paths: {
      '/apis/v1/topologies': {
        post: operation({
          summary: 'Create a topology',
          requestBody: json(topologySchema),
          responses: { ...ok(topologyDetailsSchema, 'The stored topology'), ...failures(400, 409, 503) },
        }),
        put: operation({
          summary: 'Replace a topology (identified by its name)',
          requestBody: json(topologySchema),
          responses: { ...ok(topologyDetailsSchema, 'The stored topology'), ...failures(400, 404, 409, 503) },
        }),
        get: operation({
          summary: 'List topologies',
          description: `All topologies by default; optional filters, sorting and paging. The number of matches before paging is in the \`${TOTAL_COUNT_HEADER}\` header.`,
          requestParams: { query: topologyListQuerySchema },
          responses: {
            '200': {
              description: 'Matching topologies',
              headers: z.object({ [TOTAL_COUNT_HEADER]: z.string() }),
              ...json(apiResponseSchema(z.array(topologyDetailsSchema))),
            },
            ...failures(400, 503),
          },
        }),
      },
      '/apis/v1/topologies/{topologyId}': {
        get: operation({
          summary: 'Get a topology',
          requestParams: { path: topologyId },
          responses: { ...ok(topologyDetailsSchema, 'The topology'), ...failures(404, 503) },
        }),
        put: operation({
          summary: 'Simple edit: one docker task on a cron',
          requestParams: { path: topologyId },
          requestBody: json(simpleTopologyEditRequestSchema),
          responses: { ...ok(topologyDetailsSchema, 'The stored topology'), ...failures(400, 404, 409, 503) },
        }),
        delete: operation({
          summary: 'Delete a topology and its run history',
          requestParams: { path: topologyId },
          responses: { ...ok(z.boolean(), 'true when deleted'), ...failures(404, 409, 503) },
        }),
      },
      '/apis/v1/topologies/{topologyId}/pause': {
        put: operation({
          summary: 'Pause (idempotent)',
          requestParams: { path: topologyId },
          responses: { ...ok(topologyDetailsSchema, 'The topology'), ...failures(404, 503) },
        }),
      },
      '/apis/v1/topologies/{topologyId}/unpause': {
        put: operation({
          summary: 'Unpause (idempotent)',
          requestParams: { path: topologyId },
          responses: { ...ok(topologyDetailsSchema, 'The topology'), ...failures(404, 503) },
        }),
      },
      '/apis/v1/cron/preview': {
        get: {
          tags: ['cron'],
          summary: 'Validate a Quartz cron expression and list its next fire times',
          requestParams: { query: cronPreviewQuerySchema },
          responses: { ...ok(cronPreviewSchema, 'Verdict and next fire times'), ...failures(400) },
        },
      },
      '/apis/housekeeping/v1/leader': {
        get: {
          tags: ['housekeeping'],
          summary: 'The leader node (raw JSON, as in Epoch)',
          responses: {
            '200': { description: 'Leader URL', ...json(z.object({ leader: z.string() })) },
            '404': { description: 'No leader', ...json(z.object({ leader: z.string() })) },
          },
        },
      },
      '/healthz': {
        get: {
          tags: ['health'],
          summary: 'Liveness',
          responses: { '200': { description: 'Process is up' } },
        },
      },
      '/readyz': {
        get: {
          tags: ['health'],
          summary: 'Readiness: ZooKeeper connected',
          responses: {
            '200': { description: 'Ready' },
            '503': { description: 'Not connected to ZooKeeper' },
          },
        },
      },
    },
  });
}
