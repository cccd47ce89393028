import {
  ConflictError,
  inputError,
  NotFoundError,
  type JobCollections,
  type JobDelivery,
  type JobPage,
  type JobStatus,
  type FieldIssue,
  type Job,
  type JobBulkResult,
  type JobRoute,
} from '@epoch/shared';
import {
  REFUSED_DESTINATION_MESSAGE,
  type LiteralDestinationPolicy,
} from '../topologies/refused-destinations.js';
import type { ZkOp } from '../zk/zk-client.js';
import type { JobCollectionStats } from './job-collection-stats.js';
import type { JobIndex } from './job-index.js';
import type { JobRouteStore } from './job-route-store.js';
import { findRecord } from './find-record.js';
import { decodeCursor, listPending, listRecords } from './list-jobs.js';
import type { CollectionRef, JobStore } from './job-store.js';
import type { JobWriter } from './job-writer.js';

export interface JobServiceDeps {
  store: JobStore;
  index: JobIndex;
  writer: JobWriter;
  routes: JobRouteStore;
  stats: Pick<JobCollectionStats, 'summarize'>;
  egress: LiteralDestinationPolicy;
  fence: () => ZkOp;
  /** Resolves once this leader's index of pending jobs is loaded. */
  ready: () => Promise<void>;
  /** Whether the leader is delivering the job now: it is no longer pending, nor yet recorded. */
  inFlight: (ref: CollectionRef, id: string) => boolean;
}

/** One-shot jobs and their routes, on the leader: validated input in, compare-and-set writes out. */
export class JobService {
  constructor(private readonly deps: JobServiceDeps) {}

  /** Epoch's create: per-item results; an identical job again is ok, a different one with its id a conflict. */
  async create(ref: CollectionRef, jobs: Job[]): Promise<JobBulkResult[]> {
    await this.requireRoutes(ref.database, jobs, 'jobs');
    await this.deps.ready();
    return (await this.deps.writer.submit(ref, { kind: 'create', jobs })) as JobBulkResult[];
  }

  /** timeMachine's create: a job of the same id is replaced. */
  async upsert(ref: CollectionRef, job: Job): Promise<void> {
    await this.requireRoutes(ref.database, [job], null);
    await this.deps.ready();
    this.refuseInFlight(ref, job.id);
    await this.deps.writer.submit(ref, { kind: 'upsert', job });
  }

  /** The pending job, or null when there is none of that id (never created, fired, or deleted). */
  async get(ref: CollectionRef, id: string): Promise<Job | null> {
    await this.deps.ready();
    const segment = this.deps.index.locate(ref, id);
    if (segment === undefined) return null;
    const stored = await this.deps.store.readSegment(ref, segment);
    return stored?.jobs.find((job) => job.id === id) ?? null;
  }

  /** Where a job is; null when it is not pending, not in flight, and has no delivery record (any longer). */
  async status(ref: CollectionRef, id: string): Promise<JobStatus | null> {
    const job = await this.get(ref, id);
    if (job) return { state: 'PENDING', job };
    if (this.deps.inFlight(ref, id)) return { state: 'DELIVERING', id };
    const record = await findRecord(this.deps.store, ref, id);
    if (!record) return null;
    const { id: _id, ...delivery } = record;
    return { state: delivery.state, id, delivery };
  }

  /** A page of a collection's pending jobs, or of its delivery records in one state. */
  async list(
    ref: CollectionRef,
    query: { state: 'PENDING' | JobDelivery['state']; cursor?: string; limit: number },
  ): Promise<JobPage> {
    const cursor = query.cursor === undefined ? null : decodeCursor(query.cursor);
    if (query.cursor !== undefined && !cursor)
      throw inputError([{ field: 'query.cursor', message: 'is not a cursor this server gave' }]);
    await this.deps.ready();
    return query.state === 'PENDING'
      ? listPending(this.deps.store, ref, cursor, query.limit)
      : listRecords(this.deps.store, ref, query.state, cursor, query.limit);
  }

  /** Deletes every pending job whose id starts with `prefix` (not those being delivered); how many. */
  async removeByPrefix(ref: CollectionRef, prefix: string): Promise<number> {
    await this.deps.ready();
    const removed = await Promise.all(
      this.deps.index
        .idsWithPrefix(ref, prefix)
        .map((id) => this.deps.writer.submit(ref, { kind: 'remove', id })),
    );
    return removed.filter((result) => 'found' in result && result.found).length;
  }

  /** Every database's collections with their pending jobs by due time and their delivery records by outcome. */
  collections(): Promise<JobCollections> {
    return this.deps.stats.summarize();
  }

  /** Whether a pending job of that id was there to delete. */
  async remove(ref: CollectionRef, id: string): Promise<boolean> {
    await this.deps.ready();
    this.refuseInFlight(ref, id);
    const result = await this.deps.writer.submit(ref, { kind: 'remove', id });
    return 'found' in result && result.found;
  }

  async putRoute(database: string, route: JobRoute): Promise<boolean> {
    if (this.deps.egress.refusesLiteral(route.webhook_url))
      throw inputError([{ field: 'webhook_url', message: REFUSED_DESTINATION_MESSAGE }]);
    return this.deps.routes.put(database, route, this.deps.fence());
  }

  async getRoute(database: string, id: string): Promise<JobRoute> {
    const route = await this.deps.routes.get(database, id);
    if (!route) throw new NotFoundError(`No route ${id} in database ${database}`);
    return route;
  }

  listRoutes(database: string): Promise<JobRoute[]> {
    return this.deps.routes.list(database);
  }

  removeRoute(database: string, id: string): Promise<boolean> {
    return this.deps.routes.remove(database, id, this.deps.fence());
  }

  private refuseInFlight(ref: CollectionRef, id: string): void {
    if (this.deps.inFlight(ref, id))
      throw new ConflictError(`Job ${id} is being delivered; it can no longer change`);
  }

  /** Every job names a route of its database; `path` prefixes the field (a bulk's `jobs.3.route`). */
  private async requireRoutes(database: string, jobs: Job[], path: string | null): Promise<void> {
    const known = new Map<string, boolean>();
    for (const route of new Set(jobs.map((job) => job.route)))
      known.set(route, (await this.deps.routes.get(database, route)) !== null);
    const issues: FieldIssue[] = [];
    jobs.forEach((job, index) => {
      if (known.get(job.route)) return;
      const field = path === null ? 'route' : `${path}.${index}.route`;
      issues.push({ field, message: `no route "${job.route}" in database "${database}"` });
    });
    if (issues.length > 0) throw inputError(issues.slice(0, 20));
  }
}
