import { posix } from 'node:path';

/** Not allowed in topology names, nor in run ids. */
export const ACTIVE_RUN_SEPARATOR = '~';

/**
 * The Epoch ZooKeeper layout under a configurable root (default `/epoch`). Ids are validated names
 * (no `/`), so paths are plain concatenation: these are built several times per run.
 */
export class ZkPaths {
  readonly root: string;
  readonly topologies: string;
  readonly runs: string;
  /** Per topology, the last scheduled fire accounted for (the misfire policy plans from it). */
  readonly schedules: string;
  readonly leaderSelection: string;
  /** Live nodes, one ephemeral znode each. */
  readonly nodes: string;
  /** An index of unfinished runs, `{topologyId}~{runId}`: a new leader finds what to adopt in one read. */
  readonly activeRuns: string;
  /** UI sessions ended by logout before their cookie expires (auth/revoked-sessions.ts). */
  readonly revokedSessions: string;
  /** One-shot jobs: `{database}/{collection}/pending/{segment}`, many jobs per segment (jobs/job-segments.ts). */
  readonly jobs: string;
  /** Job routes, one znode each: `{database}/{routeId}`. */
  readonly jobRoutes: string;

  constructor(root: string) {
    this.root = posix.normalize(root).replace(/(.)\/$/, '$1');
    this.topologies = posix.join(this.root, 'topologies');
    this.runs = posix.join(this.root, 'runs');
    this.schedules = posix.join(this.root, 'schedules');
    this.leaderSelection = posix.join(this.root, 'leader-selection');
    this.nodes = posix.join(this.root, 'nodes');
    this.activeRuns = posix.join(this.root, 'active-runs');
    this.revokedSessions = posix.join(this.root, 'revoked-sessions');
    this.jobs = posix.join(this.root, 'jobs');
    this.jobRoutes = posix.join(this.root, 'job-routes');
  }

  topology(topologyId: string): string {
    return `${this.topologies}/${topologyId}`;
  }

  runsOf(topologyId: string): string {
    return `${this.runs}/${topologyId}`;
  }

  run(topologyId: string, runId: string): string {
    return `${this.runs}/${topologyId}/${runId}`;
  }

  activeRun(topologyId: string, runId: string): string {
    return `${this.activeRuns}/${topologyId}${ACTIVE_RUN_SEPARATOR}${runId}`;
  }

  schedule(topologyId: string): string {
    return `${this.schedules}/${topologyId}`;
  }

  jobDatabase(database: string): string {
    return `${this.jobs}/${database}`;
  }

  pendingJobs(database: string, collection: string): string {
    return `${this.jobs}/${database}/${collection}/pending`;
  }

  jobSegment(database: string, collection: string, segment: string): string {
    return `${this.pendingJobs(database, collection)}/${segment}`;
  }

  /** Jobs taken for delivery, until their delivery is recorded: what a new leader sends again. */
  claimedJobs(database: string, collection: string): string {
    return `${this.jobs}/${database}/${collection}/claimed`;
  }

  claimedJobSegment(database: string, collection: string, segment: string): string {
    return `${this.claimedJobs(database, collection)}/${segment}`;
  }

  /** Delivery records, many per znode, named by the range of their fire times. */
  jobRecords(database: string, collection: string): string {
    return `${this.jobs}/${database}/${collection}/records`;
  }

  jobRecordSegment(database: string, collection: string, segment: string): string {
    return `${this.jobRecords(database, collection)}/${segment}`;
  }

  jobRoutesOf(database: string): string {
    return `${this.jobRoutes}/${database}`;
  }

  jobRoute(database: string, routeId: string): string {
    return `${this.jobRoutes}/${database}/${routeId}`;
  }
}
