import { ServiceUnavailableError } from '@epoch/shared';
import { setMaxListeners } from 'node:events';
import pMap from 'p-map';
import type { Logger } from 'pino';
import type { Election } from '../cluster/election.js';
import { READ_CONCURRENCY } from '../store/topology-store.js';
import type { Clock } from '../time/clock.js';
import type { JobIndex } from './job-index.js';
import type { JobDispatcher } from './job-dispatcher.js';
import type { CollectionRef, JobStore } from './job-store.js';

const LOAD_RETRY_MS = 2_000;

interface Term {
  abort: AbortController;
  /** The index loaded and the dispatcher started. */
  loaded: Promise<void>;
  dispatcher?: JobDispatcher;
}

/**
 * The jobs' part of leading: at takeover the index of pending jobs is read from every segment (requests wait
 * for it), and at stand-down it is dropped. Until it is loaded, a create could not tell a new id from a known one.
 */
export class JobsLeader {
  private term: Term | null = null;

  constructor(
    private readonly deps: {
      election: Election;
      store: JobStore;
      index: JobIndex;
      clock: Clock;
      logger: Logger;
      /** The term's delivery, started once the index is loaded. */
      dispatcher: (signal: AbortSignal) => JobDispatcher;
    },
  ) {}

  start(): void {
    this.deps.election.on('leadership', this.onLeadership);
    if (this.deps.election.isLeader) this.onLeadership(true);
  }

  stop(): void {
    this.deps.election.off('leadership', this.onLeadership);
    this.onLeadership(false);
  }

  /** Whether this leader is delivering the job now (claimed, not yet recorded). */
  isInFlight(ref: CollectionRef, id: string): boolean {
    return this.term?.dispatcher?.isInFlight(ref, id) ?? false;
  }

  /** Jobs this leader holds in memory; 0 when it does not lead. */
  inMemory(): number {
    return this.term?.dispatcher?.inMemory() ?? 0;
  }

  /** Pending segments this leader knows; 0 when it does not lead. */
  segmentCount(): number {
    return this.term?.dispatcher?.segmentCount() ?? 0;
  }

  /** Resolves when this node leads and its index is loaded; refuses at once when it does not lead. */
  ready(): Promise<void> {
    if (!this.term)
      return Promise.reject(new ServiceUnavailableError('this node is not the leader; retry shortly'));
    return this.term.loaded;
  }

  private readonly onLeadership = (leading: boolean): void => {
    this.term?.abort.abort();
    this.term = null;
    this.deps.index.clear();
    if (!leading) return;
    const abort = new AbortController();
    // Every delivery in flight listens on the term's signal, thousands at once in a burst, each removed when done.
    setMaxListeners(0, abort.signal);
    const term: Term = { abort, loaded: Promise.resolve() };
    term.loaded = this.loadUntilDone(abort.signal).then(async (refs) => {
      term.dispatcher = this.deps.dispatcher(abort.signal);
      await term.dispatcher.start(refs);
    });
    this.term = term;
    // Requests see a failure through ready(); nothing else awaits it.
    this.term.loaded.catch(() => {});
  };

  private async loadUntilDone(signal: AbortSignal): Promise<CollectionRef[]> {
    for (;;) {
      try {
        return await this.load(signal);
      } catch (error) {
        if (signal.aborted)
          throw new ServiceUnavailableError('leadership ended while loading jobs; retry shortly');
        this.deps.logger.error(
          { err: error, retryInMs: LOAD_RETRY_MS },
          'loading pending jobs failed; trying again',
        );
        await new Promise<void>((resolve) =>
          this.deps.clock.setTimer(this.deps.clock.now() + LOAD_RETRY_MS, resolve),
        );
      }
    }
  }

  private async load(signal: AbortSignal): Promise<CollectionRef[]> {
    const { store, index, logger } = this.deps;
    const started = this.deps.clock.now();
    let jobs = 0;
    const refs = await store.collections();
    for (const ref of refs) {
      const names = await store.segmentNames(ref);
      const segments = await pMap(names, (name) => store.readSegment(ref, name), {
        concurrency: READ_CONCURRENCY,
      });
      if (signal.aborted) throw new Error('aborted');
      const found = segments.filter((segment) => segment !== null);
      index.load(ref, found);
      jobs += index.pending(ref);
    }
    logger.info({ jobs, ms: this.deps.clock.now() - started }, 'pending jobs loaded');
    return refs;
  }
}
