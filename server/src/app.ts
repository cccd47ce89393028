import express, { type Express } from 'express';
import { pinoHttp } from 'pino-http';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { authRoutes } from './api/auth-routes.js';
import { clusterRoutes } from './api/cluster-routes.js';
import { docsRoutes } from './api/docs-routes.js';
import { cronRoutes } from './api/cron-routes.js';
import { errorMiddleware, notFoundHandler } from './api/error-middleware.js';
import { eventRoutes } from './api/event-routes.js';
import { verifyForwarded } from './api/forwarded-request.js';
import { healthRoutes } from './api/health-routes.js';
import { requireKnownHost } from './api/host-check.js';
import { noStore, securityHeaders } from './api/security-headers.js';
import { housekeepingRoutes } from './api/housekeeping-routes.js';
import { leaderProxy } from './api/leader-proxy.js';
import { logRoutes, type LogRouteDeps } from './api/log-routes.js';
import { meRoutes } from './api/me-routes.js';
import { openApiDocument } from './api/openapi-document.js';
import { declareRoute, RouteRegistry, type Route } from './api/route-declaration.js';
import { runRoutes, type RunRouteDeps } from './api/run-routes.js';
import { topologyActionRoutes } from './api/topology-action-routes.js';
import { topologyRoutes } from './api/topology-routes.js';
import { jobRoutes } from './api/job-routes.js';
import { timeMachineErrorMiddleware, timeMachineNotFound } from './api/timemachine-error-middleware.js';
import { timeMachineJobRoutes, timeMachineRouteRoutes } from './api/timemachine-routes.js';
import type { JobService } from './jobs/job-service.js';
import { overviewRoutes, type OverviewDeps } from './api/overview-routes.js';
import { topologySummaryRoutes, type TopologySummaryDeps } from './api/topology-summary-routes.js';
import { transferRoutes } from './api/transfer-routes.js';
import type { Auth } from './auth/auth.js';
import { basicUsername, failedCredentialsLimit } from './auth/failed-credentials-limit.js';
import { auditChanges, authenticate, refuseForgedWrites, requireWriteRole } from './auth/request-guards.js';
import type { Election } from './cluster/election.js';
import type { NodeRegistry } from './cluster/node-registry.js';
import type { EventBus } from './events/event-bus.js';
import { metricsRoute, type MetricsAccess } from './metrics/metrics-route.js';
import type { Clock } from './time/clock.js';
import type { TopologyService } from './topologies/topology-service.js';
import { TopologyTransfer } from './topologies/topology-transfer.js';
import { staticUi } from './ui/static-ui.js';
import type { ZkClient } from './zk/zk-client.js';

/** How this node meets HTTP clients: which Host headers it answers, whose X-Forwarded-For it believes. */
export interface HttpSettings {
  /** Host names answered; empty: any. */
  allowedHosts: string[];
  /** express's `trust proxy`. */
  trustProxy: boolean | number | string[];
}

export const OPEN_HTTP: HttpSettings = { allowedHosts: [], trustProxy: false };

export interface AppDependencies {
  logger: Logger;
  clock: Clock;
  zk: ZkClient;
  election: Election;
  registry: NodeRegistry;
  topologies: TopologyService;
  summaries: TopologySummaryDeps;
  overview: OverviewDeps;
  jobs: JobService;
  runs: RunRouteDeps;
  taskLogs: LogRouteDeps;
  bus: EventBus;
  auth: Auth;
  /** This node's Prometheus metrics, served at /metrics. */
  metrics: Registry;
  /** Signs what a follower forwards and proves what the leader receives; the same on every node. */
  forwardingKey: Buffer;
  metricsAccess: MetricsAccess;
  version: string;
  uiDir: string | null;
  http: HttpSettings;
}

/**
 * The app, and every route it registered through a declaration: the OpenAPI document is made of these, and a
 * test holds them against what express serves.
 */
export function createApp(deps: AppDependencies): { app: Express; routes: RouteRegistry } {
  const app = express();
  const routes = new RouteRegistry();
  app.disable('x-powered-by');
  app.set('query parser', 'extended');
  app.set('trust proxy', deps.http.trustProxy);
  const { settings: authSettings } = deps.auth;
  app.use(
    securityHeaders({
      tls: authSettings.uiUrl.startsWith('https:'),
      formActions: authSettings.oidc ? [new URL(authSettings.oidc.issuer).origin] : [],
    }),
  );
  app.use(requireKnownHost(deps.http.allowedHosts));
  app.use(routes.router('', healthRoutes(deps.zk)));
  // Before request logging: scrapes come every few seconds.
  app.use(routes.router('', metricsRoute(deps.metrics, deps.metricsAccess, deps.auth.authenticator)));
  app.use(
    pinoHttp({
      logger: deps.logger,
      autoLogging: { ignore: (req) => req.url === '/healthz' },
      // Method, URL and status only: headers carry cookies and credentials.
      serializers: {
        req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    }),
  );

  // A forged X-Epoch-Forwarded-By is refused on any node, before it could pass for a node's request.
  app.use(verifyForwarded(deps.forwardingKey));
  // Before any body parsing: a follower forwards the raw request stream to the leader.
  app.use(leaderProxy(deps.election, deps.forwardingKey));

  // Written once every route is declared, before the app answers anything.
  const openApi: { document?: ReturnType<typeof openApiDocument> } = {};
  const documentRoute = declareRoute({
    method: 'get',
    path: '/apis/openapi.json',
    handle: (_req, res) => {
      res.json(openApi.document);
    },
    openapi: { undocumented: 'the document itself' },
  });
  routes.register(app, '', [documentRoute, ...docsRoutes()]);

  // Answered by every node itself: login state travels in the sealed cookie, not to the leader.
  app.use('/auth', noStore, routes.router('/auth', authRoutes(deps.auth, deps.logger)));

  // The leader checks every forwarded request; who and what is logged for each change. One set, shared by
  // `/apis` and the timeMachine paths: the same credentials, roles and failed-credentials count for both.
  const apiGuards = [
    auditChanges(deps.logger),
    failedCredentialsLimit(basicUsername),
    authenticate(deps.auth.authenticator),
    refuseForgedWrites(deps.auth.settings.uiUrl),
    requireWriteRole,
    noStore,
  ];
  const api = express.Router();
  api.use(...apiGuards);
  // Before the JSON parser: the import parses its own body, with a larger limit.
  const v1 = (declared: Route[]) => routes.router('/apis/v1', declared);
  api.use(
    '/v1',
    v1(transferRoutes(new TopologyTransfer(deps.topologies, deps.clock))),
    v1(jobRoutes(deps.jobs)),
  );
  api.use(express.json({ limit: '512kb', strict: false }));
  api.use(
    '/v1',
    v1(meRoutes()),
    v1(topologyRoutes(deps.topologies)),
    v1(
      topologyActionRoutes({
        topologies: deps.topologies,
        launcher: deps.runs.launcher,
        election: deps.election,
        clock: deps.clock,
        logger: deps.logger,
      }),
    ),
    v1(runRoutes(deps.runs)),
    v1(logRoutes(deps.taskLogs)),
    v1(eventRoutes(deps.bus)),
    v1(cronRoutes(deps.clock)),
    v1(clusterRoutes({ election: deps.election, registry: deps.registry, zk: deps.zk })),
    v1(topologySummaryRoutes(deps.summaries)),
    v1(overviewRoutes(deps.overview)),
  );
  api.use('/housekeeping', routes.router('/apis/housekeeping', housekeepingRoutes(deps.election)));
  api.use(notFoundHandler);
  app.use('/apis', api);

  // timeMachine's paths, where its clients call them; unknown ones end here too, before the UI's pages.
  const timeMachine = { '/job': timeMachineJobRoutes, '/route': timeMachineRouteRoutes };
  for (const [prefix, declared] of Object.entries(timeMachine))
    app.use(prefix, ...apiGuards, routes.router(prefix, declared(deps.jobs)), timeMachineNotFound);
  // Also what failed before the mount, e.g. a follower finding no leader to forward to.
  app.use(Object.keys(timeMachine), timeMachineErrorMiddleware(deps.logger));

  if (deps.uiDir) app.use(staticUi(deps.uiDir, routes));
  // Whatever no route serves (a POST anywhere, a GET without the UI) gets the API's JSON 404, not express's page.
  app.use(notFoundHandler);
  app.use(errorMiddleware(deps.logger));
  openApi.document = openApiDocument(deps.version, routes.paths());
  return { app, routes };
}
