import type { Express } from 'express';
import type { Logger } from 'pino';
import { createApp, OPEN_HTTP, type HttpSettings } from './app.js';
import type { RouteRegistry } from './api/route-declaration.js';
import { Auth } from './auth/auth.js';
import type { AuthSettings } from './auth/auth-settings.js';
import { RevokedSessions } from './auth/revoked-sessions.js';
import { LeaderDuties } from './cluster/leader-duties.js';
import { LeaderElection } from './cluster/leader-election.js';
import { NodeRegistry } from './cluster/node-registry.js';
import type { EgressPolicy } from './egress/egress-policy.js';
import { EventBus } from './events/event-bus.js';
import { ContainerTaskRunner } from './runners/container/container-task-runner.js';
import { ExitRouter } from './runners/container/exit-router.js';
import { WorkerHttpTaskRunner } from './runners/http/worker-http-task-runner.js';
import { RunLauncher } from './execution/run-launcher.js';
import { countingRuntime } from './metrics/counting-runtime.js';
import type { MetricsAccess } from './metrics/metrics-route.js';
import { registerZooKeeperSize } from './metrics/zookeeper-size.js';
import { NodeMetrics } from './metrics/node-metrics.js';
import { DEFAULT_JOB_DISPATCH, type JobDispatchSettings } from './jobs/job-dispatcher.js';
import { createJobs } from './jobs/jobs-module.js';
import { leaderListFacts } from './topologies/list-facts.js';
import { TopologyLastRuns } from './metrics/topology-last-runs.js';
import { createNotifier } from './notifications/create-notifier.js';
import type { NotificationSettings } from './notifications/notification-settings.js';
import type { ContainerRuntime } from './runners/container/runtime/container-runtime.js';
import { RetentionJob } from './retention/retention-job.js';
import type { RetentionPolicy } from './retention/runs-to-prune.js';
import { Scheduler } from './scheduling/scheduler.js';
import { openingSecrets } from './secrets/secret-opening-runner.js';
import { SecretKeyRing } from './secrets/secret-key-ring.js';
import { ZkRunStore, type RunStore } from './store/run-store.js';
import { ScheduleStore } from './store/schedule-store.js';
import { ZkTopologyStore, type TopologyStore } from './store/topology-store.js';
import type { Clock } from './time/clock.js';
import { TopologyCatalog } from './topologies/topology-catalog.js';
import { TopologyService } from './topologies/topology-service.js';
import { migrateAcls, verifyZkAccess } from './zk/zk-access.js';
import type { ZkClient } from './zk/zk-client.js';
import { ZkPaths } from './zk/zk-paths.js';
import { WriteBatcher } from './zk/write-batcher.js';

/**
 * Fires are claimed (their run created in ZooKeeper) this long before their time, so the creation is not
 * in the fire's lag; at the time only the launch is recorded. Long enough for a burst of 20,000 fires'
 * claims; the half second puts the claims of whole-second fires between whole seconds, not beside launches.
 */
const DEFAULT_CLAIM_AHEAD_MS = 3_500;

export interface EpochNodeOptions {
  zk: ZkClient;
  zkRoot: string;
  runtime: ContainerRuntime;
  cluster: string;
  clock: Clock;
  logger: Logger;
  advertiseUrl: string;
  version: string;
  uiDir: string | null;
  httpSigningSecret?: string;
  /** What HTTP tasks and webhooks may connect to (EPOCH_EGRESS_ALLOW / EPOCH_EGRESS_DENY on the defaults). */
  egress: EgressPolicy;
  retention: RetentionPolicy & { intervalMs: number; maxTotalRuns: number };
  /** Mail and webhooks on finished runs; absent, nothing is sent. */
  notifications?: NotificationSettings;
  /** Who may call the API; `AUTH_DISABLED` lets everyone in. */
  auth: AuthSettings;
  /** How long before its time a fire is claimed; 0 claims each fire at its time. */
  claimAheadMs?: number;
  /** Signs requests this node forwards to the leader and proves those it receives; the same on every node. */
  forwardingKey: Buffer;
  /** Host header and proxy settings; absent, any Host is answered and no proxy is trusted. */
  http?: HttpSettings;
  /** Who may scrape /metrics besides any authenticated caller; absent, no one else. */
  metricsAccess?: MetricsAccess;
  /** Keys that seal and open topology secrets; without one, secrets are refused. */
  secrets?: SecretKeyRing;
  /** One-shot jobs' look-ahead and claim-ahead; the defaults when absent. */
  jobs?: Partial<JobDispatchSettings>;
}

export interface EpochNode {
  app: Express;
  /** The routes `app` declared: what its OpenAPI document lists, and why the rest is left out. */
  routes: RouteRegistry;
  paths: ZkPaths;
  election: LeaderElection;
  scheduler: Scheduler;
  launcher: RunLauncher;
  retention: RetentionJob;
  topologyStore: TopologyStore;
  runStore: RunStore;
  bus: EventBus;
  stop(): Promise<void>;
}

/** The composition root: one Epoch node's parts, wired; main.ts and the tests both start nodes here. */
export async function startEpochNode(options: EpochNodeOptions): Promise<EpochNode> {
  const { zk, clock, logger } = options;
  const secrets = options.secrets ?? SecretKeyRing.EMPTY;
  const paths = new ZkPaths(options.zkRoot);
  const bus = new EventBus();
  const metrics = new NodeMetrics();
  zk.observe(metrics.zkObserver);
  const stopCountingRuns = metrics.countRuns(bus);
  const runtime = countingRuntime(options.runtime, metrics.runtimeFailure);
  // Before anything is read: a wrong credential stops the start here, naming ZK_AUTH. Every node migrates
  // (not the leader alone) so that none serves from a tree still open to the world; it is idempotent.
  await verifyZkAccess(zk, paths.root);
  await migrateAcls(zk, paths.root, logger.child({ component: 'zk-acl' }));
  const topologyStore = new ZkTopologyStore(zk, paths, logger);
  await topologyStore.init();
  const runStore = new ZkRunStore(zk, new WriteBatcher(zk), paths, logger);
  const schedules = new ScheduleStore(zk, paths);
  const election = new LeaderElection(
    zk,
    paths.leaderSelection,
    options.advertiseUrl,
    logger.child({ component: 'election' }),
  );
  const registry = new NodeRegistry(
    zk,
    paths.nodes,
    { url: options.advertiseUrl, version: options.version, startedAt: clock.now() },
    logger.child({ component: 'registry' }),
  );
  const exits = new ExitRouter();
  const { egress } = options;
  const http = new WorkerHttpTaskRunner(
    {
      signingSecret: options.httpSigningSecret,
      defaultTimeoutSeconds: 10,
      userAgent: `epoch/${options.version}`,
      egress: egress.settings,
    },
    logger.child({ component: 'http' }),
  );
  const scheduler = new Scheduler(
    clock,
    (due): number | null => launcher.onDue(due),
    logger.child({ component: 'scheduler' }),
    { lookaheadMs: options.claimAheadMs ?? DEFAULT_CLAIM_AHEAD_MS },
  );
  const launcher = new RunLauncher(
    {
      nodeUrl: options.advertiseUrl,
      runs: runStore,
      schedules,
      schedule: scheduler,
      fence: () => election.fence(),
      bus,
      clock,
      logger,
      observer: metrics.launches,
      runners: {
        CONTAINER_EXECUTION: openingSecrets(
          new ContainerTaskRunner(runtime, exits, options.cluster),
          secrets,
        ),
        // A request is sent the moment it starts: HTTP tasks go from STARTING straight to their outcome.
        HTTP: openingSecrets({ run: (task, context) => http.run(task, context) }, secrets),
      },
    },
    logger.child({ component: 'launcher' }),
  );
  metrics.watchNode(election, scheduler, launcher);
  registerZooKeeperSize(metrics.registry, zk.connectionString);
  metrics.runsBudget(options.retention.maxTotalRuns);
  const retention = new RetentionJob(
    {
      topologies: topologyStore,
      runs: runStore,
      runtime,
      fence: () => election.fence(),
      clock,
      logger,
      observer: metrics.retention,
    },
    options.retention,
  );
  const catalog = new TopologyCatalog(bus);
  const lastRuns = new TopologyLastRuns(metrics.registry, bus, catalog);
  const listFacts = leaderListFacts({ scheduler, runs: runStore, clock });
  const topologyService = new TopologyService(
    topologyStore,
    schedules,
    clock,
    bus,
    catalog,
    egress,
    secrets,
    listFacts,
  );
  const notifier =
    options.notifications &&
    createNotifier({
      settings: options.notifications,
      bus,
      // The leader's catalog answers from memory; ZooKeeper when it is still loading.
      topologies: { get: async (id) => catalog.get(id) ?? (await topologyStore.get(id))?.value ?? null },
      clock,
      logger: logger.child({ component: 'notifier' }),
      userAgent: `epoch/${options.version}`,
      egress,
    });
  notifier?.start();
  const duties = new LeaderDuties({
    catalog,
    election,
    scheduler,
    launcher,
    topologies: topologyStore,
    schedules,
    runs: runStore,
    runtime,
    exits,
    retention,
    bus,
    clock,
    logger,
    lastRuns,
  });
  duties.start();
  const jobs = createJobs({
    zk,
    paths,
    election,
    egress,
    caller: http,
    settings: { ...DEFAULT_JOB_DISPATCH, ...options.jobs },
    registry: metrics.registry,
    clock,
    logger: logger.child({ component: 'jobs' }),
  });
  jobs.start();
  const revokedSessions = new RevokedSessions(
    zk,
    paths.revokedSessions,
    clock,
    logger.child({ component: 'auth' }),
  );
  await revokedSessions.start();
  await registry.start();
  await election.start();

  const { app, routes } = createApp({
    logger,
    clock,
    zk,
    election,
    registry,
    topologies: topologyService,
    summaries: { topologies: topologyService, facts: listFacts, runs: runStore, clock },
    overview: { topologies: topologyService, runs: runStore, clock },
    jobs: jobs.service,
    runs: { topologies: topologyStore, runs: runStore, launcher, election, clock },
    taskLogs: {
      topologies: topologyStore,
      runs: runStore,
      runtime,
      cluster: options.cluster,
      advertiseUrl: options.advertiseUrl,
    },
    bus,
    auth: new Auth(options.auth, revokedSessions, clock, logger.child({ component: 'auth' })),
    metrics: metrics.registry,
    forwardingKey: options.forwardingKey,
    metricsAccess: options.metricsAccess ?? { public: false },
    version: options.version,
    uiDir: options.uiDir,
    http: options.http ?? OPEN_HTTP,
  });
  return {
    app,
    routes,
    paths,
    election,
    scheduler,
    launcher,
    retention,
    topologyStore,
    runStore,
    bus,
    async stop() {
      duties.stop();
      jobs.stop();
      catalog.close();
      lastRuns.close();
      notifier?.stop();
      revokedSessions.stop();
      await election.stop();
      await registry.stop();
      await http.close();
      stopCountingRuns();
      zk.observe(undefined);
    },
  };
}
