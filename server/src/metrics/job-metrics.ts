import type { Job } from '@epoch/shared';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { DeliveryRecord } from '../jobs/delivery-records.js';

/** What the gauges read when scraped: the leader's index and dispatcher (zero on a follower). */
export interface JobGaugeSources {
  pending(): number;
  segments(): number;
  inMemory(): number;
}

/**
 * One-shot jobs' series. No label per collection or job: collections are created by callers at will, and a
 * label per value would let any caller grow the scrape without bound.
 */
export class JobMetrics {
  private readonly delivered: Counter;
  private readonly failed: Counter;
  private readonly resent: Counter;
  private readonly lag: Histogram;

  constructor(registry: Registry, sources: JobGaugeSources) {
    new Gauge({
      name: 'epoch_jobs_pending',
      help: 'One-shot jobs waiting for their time (claimed ones excluded); served by the leader',
      registers: [registry],
      collect() {
        this.set(sources.pending());
      },
    });
    new Gauge({
      name: 'epoch_jobs_in_memory',
      help: "Pending and claimed jobs the leader holds in memory: those due within EPOCH_JOBS_LOOKAHEAD_MS' segments",
      registers: [registry],
      collect() {
        this.set(sources.inMemory());
      },
    });
    new Gauge({
      name: 'epoch_job_segments',
      help: 'ZooKeeper znodes holding pending jobs (many jobs each); served by the leader',
      registers: [registry],
      collect() {
        this.set(sources.segments());
      },
    });
    this.delivered = new Counter({
      name: 'epoch_jobs_delivered_total',
      help: 'One-shot jobs whose call succeeded',
      registers: [registry],
    });
    this.failed = new Counter({
      name: 'epoch_jobs_failed_total',
      help: "One-shot jobs whose call failed after the route's retries",
      registers: [registry],
    });
    this.resent = new Counter({
      name: 'epoch_jobs_resent_total',
      help: 'One-shot jobs sent again by a new leader because their call was in flight when the last one went',
      registers: [registry],
    });
    this.lag = new Histogram({
      name: 'epoch_job_fire_lag_seconds',
      help: "Time from a job's trigger_ms to its first call (late-created jobs included)",
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: [registry],
    });
  }

  readonly onDelivered = (job: Job, record: DeliveryRecord): void => {
    (record.state === 'DELIVERED' ? this.delivered : this.failed).inc();
    if (record.resent) this.resent.inc();
    this.lag.observe(Math.max(0, record.firedAt - job.trigger_ms) / 1000);
  };
}
