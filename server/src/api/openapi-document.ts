import {
  apiFailureSchema,
  apiResponseSchema,
  authOptionsSchema,
  clusterStatusSchema,
  cronPreviewQuerySchema,
  cronPreviewSchema,
  currentUserSchema,
  logoutResultSchema,
  passwordLoginSchema,
  runInfoSchema,
  runListQuerySchema,
  simpleTopologyEditRequestSchema,
  topologyDetailsSchema,
  topologyListQuerySchema,
  topologySchema,
  topologyExportSchema,
  topologyImportQuerySchema,
  topologyImportResultSchema,
  topologySummarySchema,
  TOTAL_COUNT_HEADER,
} from '@epoch/shared';
import { z } from 'zod';
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiResponsesObject } from 'zod-openapi';
import { DEFAULT_LOG_TAIL, eventStreamQuerySchema, taskLogQuerySchema } from './stream-query-schemas.js';

const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });

const failures = (...codes: number[]): ZodOpenApiResponsesObject =>
  Object.fromEntries(
    codes.map((code) => [
      String(code),
      { description: FAILURE_TEXT[code] ?? 'Failure', ...json(apiFailureSchema) },
    ]),
  );

/** A failure response with its own description, for what a generic one would misstate. */
const failure = (code: number, description: string): ZodOpenApiResponsesObject => ({
  [String(code)]: { description, ...json(apiFailureSchema) },
});

const FAILURE_TEXT: Record<number, string> = {
  400: 'Invalid input; `message` and `data.issues` name each offending field',
  401: 'No valid credentials (see the security schemes)',
  403: 'READ_ONLY caller, or a cookie-authenticated write without `X-Requested-With: XMLHttpRequest`',
  404: 'No such topology',
  409: 'A topology with this name exists, or it changed concurrently',
  503: 'ZooKeeper unavailable; retry after `Retry-After` seconds',
};

const ok = (schema: z.ZodType, description: string) => ({
  '200': { description, ...json(apiResponseSchema(schema)) },
});

const topologyIdParam = z.string().meta({ description: 'Topology id (= its name)' });
const topologyId = z.object({ topologyId: topologyIdParam });
const runId = z.object({ topologyId: topologyIdParam, runId: z.string().meta({ description: 'Run id' }) });
const taskOfRun = runId.extend({
  taskName: z.string().meta({ description: "Task name: the key in the run's `tasks`" }),
});
const NO_RUN = 'No such topology or run; `message` says which';
const NO_TASK = 'No such topology, run or task; `message` says which';
const NO_LOG =
  'No such topology, run, task or attempt; an HTTP task (no container log); or the container is gone ' +
  '(not created yet, or removed by retention); `message` says which';

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
        'failures use real HTTP codes with `{status:"FAILED", data, message}`. Every `/apis` route needs ' +
        'credentials (401 without); every one but GET needs the READ_WRITE role (403 without).',
    },
    components: {
      securitySchemes: {
        basic: {
          type: 'http',
          scheme: 'basic',
          description: 'Epoch users: admin (READ_WRITE), guest (READ_ONLY)',
        },
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'A static API token (epoch_…) or an access token from the OIDC provider',
        },
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: 'epoch_session',
          description: 'UI login; writes also need the header X-Requested-With: XMLHttpRequest',
        },
      },
    },
    security: [{ basic: [] }, { bearer: [] }, { session: [] }],
    paths: {
      '/apis/v1/me': {
        get: {
          tags: ['auth'],
          summary: 'Who is calling: name, role and how they authenticated',
          responses: { ...ok(currentUserSchema, 'The caller'), ...failures(401) },
        },
      },
      '/auth/options': {
        get: {
          tags: ['auth'],
          summary: 'What the login page may offer (public)',
          security: [],
          responses: { '200': { description: 'Login options', ...json(authOptionsSchema) } },
        },
      },
      '/auth/password-login': {
        post: {
          tags: ['auth'],
          summary: 'UI login as a basic-auth user: sets the session cookie (needs X-Requested-With)',
          security: [],
          requestBody: json(passwordLoginSchema),
          responses: {
            '204': { description: 'Logged in' },
            ...failures(400, 401, 403),
            ...failure(
              429,
              'Ten failed logins for this user from this address in 15 minutes; see Retry-After',
            ),
          },
        },
      },
      '/auth/login': {
        get: {
          tags: ['auth'],
          summary: 'Starts single sign-on: redirects to the OIDC provider (authorization code + PKCE)',
          security: [],
          requestParams: { query: z.object({ returnTo: z.string().optional() }) },
          responses: { '302': { description: 'To the provider' }, ...failures(503) },
        },
      },
      '/auth/callback': {
        get: {
          tags: ['auth'],
          summary: "The provider's redirect back (register this URL with the provider)",
          security: [],
          responses: { '302': { description: 'To returnTo, or to /login?error=… when refused' } },
        },
      },
      '/auth/logout': {
        post: {
          tags: ['auth'],
          summary: "Ends the session; redirectUrl is the provider's end-session page or /login",
          security: [],
          responses: { '200': { description: 'Logged out', ...json(logoutResultSchema) }, ...failures(403) },
        },
      },
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
      '/apis/v1/topologies/{topologyId}/run': {
        put: operation({
          tags: ['runs'],
          summary: 'Run now (instant run)',
          description: 'Starts an INSTANT run at once, also for a PAUSED topology (as in Epoch).',
          requestParams: { path: topologyId },
          responses: {
            ...ok(z.object({ runId: z.string() }), 'The new run'),
            ...failures(404, 503),
          },
        }),
      },
      '/apis/v1/topologies/{topologyId}/runs': {
        get: operation({
          tags: ['runs'],
          summary: "List a topology's runs",
          description: `Newest update first by default; optional filters (\`state\` repeatable), sorting and paging. The number of matches before paging is in the \`${TOTAL_COUNT_HEADER}\` header. A scheduled run is claimed a few seconds before its fire time and listed from that time on.`,
          requestParams: { path: topologyId, query: runListQuerySchema },
          responses: {
            '200': {
              description: 'Matching runs',
              headers: z.object({ [TOTAL_COUNT_HEADER]: z.string() }),
              ...json(apiResponseSchema(z.array(runInfoSchema))),
            },
            ...failures(400, 404, 503),
          },
        }),
      },
      '/apis/v1/topologies/{topologyId}/runs/{runId}': {
        get: operation({
          tags: ['runs'],
          summary: 'Get a run, with its tasks',
          requestParams: { path: runId },
          responses: { ...ok(runInfoSchema, 'The run'), ...failure(404, NO_RUN), ...failures(503) },
        }),
      },
      '/apis/v1/topologies/{topologyId}/runs/{runId}/tasks/{taskName}/kill': {
        post: operation({
          tags: ['runs'],
          summary: 'Kill a task: cancels its run',
          description:
            "The running task's container is killed, later tasks do not start, and the run ends CANCELLED.",
          requestParams: { path: taskOfRun },
          responses: {
            ...ok(z.object({ success: z.boolean(), message: z.string() }), 'Cancel accepted'),
            ...failure(404, NO_TASK),
            ...failure(409, 'The task or its run has already finished'),
            ...failures(503),
          },
        }),
      },
      '/apis/v1/topologies/{topologyId}/runs/{runId}/tasks/{taskName}/log': {
        get: operation({
          tags: ['runs'],
          summary: "URL of a container task's log",
          description: 'As in Epoch, `data` is a URL: here, of the log stream below.',
          requestParams: { path: taskOfRun },
          responses: { ...ok(z.url(), 'The log URL'), ...failure(404, NO_LOG), ...failures(503) },
        }),
      },
      '/apis/v1/topologies/{topologyId}/runs/{runId}/tasks/{taskName}/log/stream': {
        get: operation({
          tags: ['runs'],
          summary: "A container task's log (stdout and stderr)",
          description:
            `Plain text, chunked: the log so far (its last ${DEFAULT_LOG_TAIL} lines unless \`tail\` says otherwise), or ` +
            'with `follow=true` streamed as the container prints until it exits.',
          requestParams: { path: taskOfRun, query: taskLogQuerySchema },
          responses: {
            '200': { description: 'The log', content: { 'text/plain': { schema: z.string() } } },
            ...failures(400),
            ...failure(404, NO_LOG),
            ...failures(503),
          },
        }),
      },
      '/apis/v1/events': {
        get: {
          tags: ['events'],
          summary: 'Server-Sent Events of topology and run changes',
          description:
            'Live changes from the moment of connecting: `event: topology` (data: TopologyDetails), ' +
            '`event: topology-deleted` (data: `{topologyId}`) and `event: run` (data: RunInfo). Starts with a ' +
            '`retry:` hint; a `: heartbeat` comment comes every 15 s.',
          requestParams: { query: eventStreamQuerySchema },
          responses: {
            '200': {
              description: 'The event stream',
              content: { 'text/event-stream': { schema: z.string() } },
            },
            ...failures(400),
          },
        },
      },
      '/apis/v1/cron/preview': {
        get: {
          tags: ['cron'],
          summary: 'Validate a Quartz cron expression and list its next fire times',
          requestParams: { query: cronPreviewQuerySchema },
          responses: { ...ok(cronPreviewSchema, 'Verdict and next fire times'), ...failures(400) },
        },
      },
      '/apis/v1/topology-summaries': {
        get: {
          tags: ['topologies'],
          summary: 'Topologies with their next fire and last run (the UI list); same query as /topologies',
          requestParams: { query: topologyListQuerySchema },
          responses: {
            ...ok(z.array(topologySummarySchema), 'One page; X-Total-Count counts every match'),
            ...failures(400),
          },
        },
      },
      '/apis/v1/topology-export': {
        get: operation({
          summary: 'Export every topology with its state, as a file',
          description:
            'Raw JSON, not the envelope: the document itself, as an attachment ' +
            '(`epoch-topologies-<date>.json`), topologies sorted by name. POST it to /topology-import.',
          responses: {
            '200': { description: 'The export document', ...json(topologyExportSchema) },
            ...failures(503),
          },
        }),
      },
      '/apis/v1/topology-import': {
        post: operation({
          summary: 'Import an export document (idempotent)',
          description:
            'The whole document is validated first and nothing is written if anything is invalid ' +
            '(issues are named `topologies.<i>.…`, duplicate names included). Then missing topologies are ' +
            'created with their state, differing ones updated, identical ones left alone. Body limit 50 MB.',
          requestParams: { query: topologyImportQuerySchema },
          requestBody: json(topologyExportSchema),
          responses: {
            ...ok(
              topologyImportResultSchema,
              'Names created, updated and unchanged (or would be, on a dry run)',
            ),
            ...failures(400, 409),
            ...failure(413, 'The document is larger than 50 MB'),
            ...failures(503),
          },
        }),
      },
      '/apis/v1/cluster': {
        get: {
          tags: ['cluster'],
          summary: 'Live nodes with their roles, and the ZooKeeper connection',
          responses: { ...ok(clusterStatusSchema, 'The cluster as this node sees it'), ...failures(503) },
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
      '/metrics': {
        get: {
          tags: ['operations'],
          summary: "This node's Prometheus metrics (answered locally, never forwarded to the leader)",
          responses: {
            '200': {
              description: 'Prometheus text exposition format',
              content: { 'text/plain': { schema: z.string() } },
            },
          },
        },
      },
    },
  });
}
