import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { JobMetrics } from '../metrics/job-metrics.js';
import type { Election } from '../cluster/election.js';
import type { Clock } from '../time/clock.js';
import type { LiteralDestinationPolicy } from '../topologies/refused-destinations.js';
import type { ZkClient } from '../zk/zk-client.js';
import type { ZkPaths } from '../zk/zk-paths.js';
import type { JobCaller } from './job-delivery.js';
import { JobCollectionStats } from './job-collection-stats.js';
import { JobDispatcher, type JobDispatchSettings } from './job-dispatcher.js';
import { JobIndex } from './job-index.js';
import { JobRouteStore } from './job-route-store.js';
import { JobService } from './job-service.js';
import { ZkJobStore } from './job-store.js';
import { JobWriter } from './job-writer.js';
import { JobsLeader } from './jobs-leader.js';

export interface JobsModule {
  service: JobService;
  start(): void;
  stop(): void;
}

/** One-shot jobs' parts, wired: the store, the leader's index and writer, and the service the API calls. */
export function createJobs(deps: {
  zk: ZkClient;
  paths: ZkPaths;
  election: Election;
  egress: LiteralDestinationPolicy;
  caller: JobCaller;
  settings: JobDispatchSettings;
  registry: Registry;
  clock: Clock;
  logger: Logger;
}): JobsModule {
  const store = new ZkJobStore(deps.zk, deps.paths);
  const index = new JobIndex();
  const fence = () => deps.election.fence();
  const writer = new JobWriter(store, index, fence);
  const routes = new JobRouteStore(deps.zk, deps.paths);
  const { caller, clock, logger, settings } = deps;
  // The gauges read the leader, made below; a scrape comes long after.
  const metrics: JobMetrics = new JobMetrics(deps.registry, {
    pending: () => index.total(),
    segments: () => leader.segmentCount(),
    inMemory: () => leader.inMemory(),
  });
  const leader: JobsLeader = new JobsLeader({
    election: deps.election,
    store,
    index,
    clock,
    logger,
    dispatcher: (signal) =>
      new JobDispatcher(
        {
          store,
          writer,
          routes,
          caller,
          clock,
          logger,
          fence,
          settings,
          onDelivered: metrics.onDelivered,
          index,
        },
        signal,
      ),
  });
  const service = new JobService({
    store,
    index,
    writer,
    routes,
    stats: new JobCollectionStats({
      store,
      index,
      clock,
      recordsKeepMs: settings.recordsKeepMs,
      ready: () => leader.ready(),
    }),
    egress: deps.egress,
    fence,
    ready: () => leader.ready(),
    inFlight: (ref, id) => leader.isInFlight(ref, id),
  });
  return { service, start: () => leader.start(), stop: () => leader.stop() };
}
