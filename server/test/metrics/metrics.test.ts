// GET /metrics on a real node (real ZooKeeper, real Docker Engine): what a Prometheus scrape sees after real runs.
import parsePrometheusTextFormat, { type MetricFamily } from 'parse-prometheus-text-format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../http/receiver.js';
import { ManualClock } from '../support/manual-clock.js';
import {
  containerTask,
  createTopology,
  finishedRun,
  postTopology,
  runNow,
  runsOf,
  useRealNodes,
  type RealNode,
} from '../support/real-nodes.js';
import { call, waitUntil, type TestNode } from '../support/test-node.js';

const node = useRealNodes();
let receiver: Receiver;

beforeAll(async () => {
  receiver = await startReceiver((_request, response) => response.end('ok'));
});
afterAll(async () => {
  await receiver?.close();
});

type AnyNode = TestNode<ManualClock> | RealNode;

/** One scrape of a node's /metrics, parsed. */
class Scrape {
  private readonly families: MetricFamily[];

  constructor(readonly text: string) {
    this.families = parsePrometheusTextFormat(text);
  }

  static async of(target: AnyNode): Promise<Scrape> {
    const response = await fetch(`${target.url}/metrics`);
    expect(response.status).toBe(200);
    return new Scrape(await response.text());
  }

  /** Scrapes until `ready` holds: counters move when a change is published, a moment after its write. */
  static async until(target: AnyNode, ready: (scrape: Scrape) => boolean): Promise<Scrape> {
    let scrape = await Scrape.of(target);
    await waitUntil(async () => ready((scrape = await Scrape.of(target))));
    return scrape;
  }

  family(name: string): MetricFamily {
    const family = this.families.find((candidate) => candidate.name === name);
    if (!family) throw new Error(`no metric ${name}`);
    return family;
  }

  /** A counter's or gauge's value for exactly these labels. */
  value(name: string, labels: Record<string, string> = {}): number {
    const sample = this.family(name).metrics.find((metric) => sameLabels(metric.labels ?? {}, labels));
    if (!sample) throw new Error(`no ${name} series ${JSON.stringify(labels)}`);
    return Number(sample.value);
  }

  /** The series of a metric whose labels include `labels`: label sets and values. */
  series(
    name: string,
    labels: Record<string, string>,
  ): Array<{ labels: Record<string, string>; value: number }> {
    const family = this.families.find((candidate) => candidate.name === name);
    return (family?.metrics ?? [])
      .map((metric) => ({ labels: metric.labels ?? {}, value: Number(metric.value) }))
      .filter((sample) => Object.entries(labels).every(([key, value]) => sample.labels[key] === value));
  }

  /** A topology's last run state series, as `{ state: value }`. */
  lastRunStates(topology: string): Record<string, number> {
    return Object.fromEntries(
      this.series('epoch_topology_last_run_state', { topology }).map(({ labels, value }) => [
        labels.state,
        value,
      ]),
    );
  }

  /** An unlabelled histogram's observation count. */
  count(name: string): number {
    return Number(this.family(name).metrics[0]?.count ?? 0);
  }

  /**
   * ZooKeeper operations of one kind so far. The parser folds a labelled histogram's series into one (it
   * handles unlabelled ones only), so this one's `_count` lines are read as they are.
   */
  zkOperations(operation: string): number {
    const line = this.text
      .split('\n')
      .find((candidate) =>
        candidate.startsWith(`epoch_zookeeper_operation_seconds_count{operation="${operation}"} `),
      );
    return Number(line?.split(' ')[1] ?? 0);
  }
}

const sameLabels = (a: Record<string, string>, b: Record<string, string>) =>
  Object.keys(a).length === Object.keys(b).length &&
  Object.entries(b).every(([key, value]) => a[key] === value);

describe('GET /metrics', () => {
  it('answers in the Prometheus text format, with process metrics and this node as leader', async () => {
    const target = await node('format');
    const response = await fetch(`${target.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    expect(text).toContain('# HELP epoch_runs_total ');
    expect(text).toContain('# TYPE epoch_fire_lag_seconds histogram');

    const scrape = new Scrape(text);
    expect(scrape.family('process_cpu_user_seconds_total').type).toBe('COUNTER');
    expect(scrape.value('epoch_leader')).toBe(1);
    expect(scrape.family('epoch_runs_total').type).toBe('COUNTER');
    expect(scrape.family('epoch_zookeeper_operation_seconds').type).toBe('HISTOGRAM');
    // Every expected series is there from the start, at zero.
    expect(scrape.value('epoch_runs_total', { state: 'CANCELLED' })).toBe(0);
    expect(scrape.value('epoch_runs_skipped_total', { reason: 'overlap' })).toBe(0);
    // Starting the node read and wrote ZooKeeper; the operation label is the verb, never a path.
    expect(scrape.zkOperations('getChildren')).toBeGreaterThan(0);
    expect(scrape.zkOperations('create')).toBeGreaterThan(0);
    const operations = [
      ...text.matchAll(/^epoch_zookeeper_operation_seconds_count\{operation="([^"]*)"\}/gm),
    ];
    expect(operations.length).toBeGreaterThan(0);
    for (const [, operation] of operations) expect(operation).toMatch(/^[a-zA-Z]+$/);
  });

  it("reports ZooKeeper's znode count and data size from mntr, growing as znodes are written", async () => {
    const target = await node('zk-size');
    const scrape = async () => new Scrape(await (await fetch(`${target.url}/metrics`)).text());
    const before = await scrape();
    expect(before.value('epoch_zookeeper_znodes')).toBeGreaterThan(5);
    expect(before.value('epoch_zookeeper_data_bytes')).toBeGreaterThan(0);
    const payload = Buffer.alloc(10_000, 'x');
    for (let i = 0; i < 20; i++) await target.zk.create(`${target.root}/size-probe-${i}`, payload);
    const after = await scrape();
    // Other tests share the server: at least what this one wrote, not exactly.
    expect(after.value('epoch_zookeeper_znodes')).toBeGreaterThanOrEqual(
      before.value('epoch_zookeeper_znodes') + 20,
    );
    expect(after.value('epoch_zookeeper_data_bytes')).toBeGreaterThanOrEqual(
      before.value('epoch_zookeeper_data_bytes') + 200_000,
    );
  });

  it('counts an instant run of a container task, its task and its ZooKeeper writes', async () => {
    const target = await node('instant');
    await createTopology(target, 'hello', containerTask('main', ['echo', 'hello']));
    const before = await Scrape.of(target);
    const runId = await runNow(target, 'hello');
    expect((await finishedRun(target, 'hello', runId)).state).toBe('COMPLETED');

    const after = await Scrape.until(
      target,
      (scrape) => scrape.value('epoch_runs_total', { state: 'COMPLETED' }) > 0,
    );
    const delta = (name: string, labels: Record<string, string>) =>
      after.value(name, labels) - before.value(name, labels);
    expect(delta('epoch_runs_total', { state: 'COMPLETED' })).toBe(1);
    expect(delta('epoch_runs_total', { state: 'FAILED' })).toBe(0);
    expect(delta('epoch_tasks_total', { state: 'COMPLETED' })).toBe(1);
    expect(delta('epoch_runs_launched_total', { run_type: 'INSTANT' })).toBe(1);
    // Claimed in one multi-op, then its task and run states written in more.
    expect(after.zkOperations('multi') - before.zkOperations('multi')).toBeGreaterThanOrEqual(2);
    // An instant run has no schedule to lag behind.
    expect(after.count('epoch_fire_lag_seconds')).toBe(0);
  });

  it('observes the fire lag of scheduled runs, and the schedule', async () => {
    const target = await node('scheduled');
    await postTopology(target, {
      name: 'every-second',
      task: { type: 'HTTP', taskName: 'hook', url: `${receiver.url}/every-second` },
      trigger: { type: 'CRON', timeSpec: '* * * * * ?' },
    });
    await waitUntil(async () =>
      (await runsOf(target, 'every-second')).some((run) => run.state === 'SUCCESSFUL'),
    );

    const scrape = await Scrape.of(target);
    expect(scrape.value('epoch_scheduled_topologies')).toBe(1);
    expect(scrape.count('epoch_fire_lag_seconds')).toBeGreaterThanOrEqual(1);
    expect(scrape.value('epoch_runs_launched_total', { run_type: 'SCHEDULED' })).toBeGreaterThanOrEqual(1);
    expect(scrape.value('epoch_runs_total', { state: 'SUCCESSFUL' })).toBeGreaterThanOrEqual(1);
    expect(scrape.value('epoch_tasks_total', { state: 'COMPLETED' })).toBeGreaterThanOrEqual(1);
  });

  it('counts nothing for fires while paused, and the lag of a late fire', async () => {
    const clock = new ManualClock(Date.parse('2030-05-01T10:00:00Z'));
    const target = await node('paused', { clock });
    await postTopology(target, {
      name: 'minutely',
      task: { type: 'HTTP', taskName: 'hook', url: `${receiver.url}/minutely` },
      trigger: { type: 'CRON', timeSpec: '0 * * * * ?' },
    });
    expect((await call(target, 'PUT', '/apis/v1/topologies/minutely/pause')).status).toBe(200);
    // The paused 10:01 fire passes: a pause records no run, so no skip is counted either.
    clock.set('2030-05-01T10:01:00Z');

    // The 10:02 fire is due when the clock passes it, and claimed once the clock reads 10:02:02: 2 s late.
    expect((await call(target, 'PUT', '/apis/v1/topologies/minutely/unpause')).status).toBe(200);
    clock.set('2030-05-01T10:02:02Z');
    const launched = await Scrape.until(target, (scrape) => scrape.count('epoch_fire_lag_seconds') === 1);
    const lag = launched.family('epoch_fire_lag_seconds').metrics[0]!;
    expect(Number(lag.sum)).toBe(2);
    expect(Number(lag.buckets?.['1'])).toBe(0);
    expect(Number(lag.buckets?.['2.5'])).toBe(1);
    expect(launched.value('epoch_runs_launched_total', { run_type: 'SCHEDULED' })).toBe(1);
    expect(launched.value('epoch_runs_total', { state: 'SKIPPED' })).toBe(0);
    for (const reason of ['overlap', 'misfire', 'changed'])
      expect(launched.value('epoch_runs_skipped_total', { reason })).toBe(0);
  });
});

describe('per-topology last run series', () => {
  const lastRunIs = (state: string) => ({
    SUCCESSFUL: state === 'SUCCESSFUL' ? 1 : 0,
    COMPLETED: state === 'COMPLETED' ? 1 : 0,
    FAILED: state === 'FAILED' ? 1 : 0,
    CANCELLED: state === 'CANCELLED' ? 1 : 0,
  });

  it("serves each topology's last run state and last success from the leader, after a takeover too, until deleted", async () => {
    const first = await node('last-runs');
    await createTopology(first, 'good', containerTask('main', ['true']));
    await createTopology(first, 'bad', containerTask('main', ['sh', '-c', 'exit 3']));
    await createTopology(first, 'idle', containerTask('main', ['true']));
    // A topology without runs has its state series, all at 0, and no success.
    const empty = await Scrape.of(first);
    expect(empty.lastRunStates('idle')).toEqual(lastRunIs('none'));
    expect(empty.series('epoch_topology_last_success_timestamp_seconds', { topology: 'idle' })).toEqual([]);

    const good = await finishedRun(first, 'good', await runNow(first, 'good'));
    expect(good.state).toBe('COMPLETED');
    // The success timestamp is when the run ended; a topology that never succeeded has none.
    expect((await finishedRun(first, 'bad', await runNow(first, 'bad'))).state).toBe('FAILED');
    const live = await Scrape.until(first, (scrape) => scrape.lastRunStates('bad').FAILED === 1);
    expect(live.lastRunStates('good')).toEqual(lastRunIs('COMPLETED'));
    expect(live.lastRunStates('bad')).toEqual(lastRunIs('FAILED'));
    expect(live.value('epoch_topology_last_success_timestamp_seconds', { topology: 'good' })).toBe(
      good.updated / 1000,
    );
    expect(live.series('epoch_topology_last_success_timestamp_seconds', { topology: 'bad' })).toEqual([]);
    // One series per state and at most one success series per topology: 4 + 1 for good, 4 for bad and idle.
    expect(live.series('epoch_topology_last_run_state', {})).toHaveLength(12);

    // A new leader knows the same from ZooKeeper alone; the one that stood down serves none.
    await first.node.stop();
    const second = await node('last-runs', { root: first.root });
    const takenOver = await Scrape.until(second, (scrape) => scrape.lastRunStates('bad').FAILED === 1);
    expect(takenOver.lastRunStates('good')).toEqual(lastRunIs('COMPLETED'));
    expect(takenOver.lastRunStates('idle')).toEqual(lastRunIs('none'));
    expect(takenOver.value('epoch_topology_last_success_timestamp_seconds', { topology: 'good' })).toBe(
      good.updated / 1000,
    );
    expect((await Scrape.of(first)).series('epoch_topology_last_run_state', {})).toEqual([]);

    // A deleted topology's series are gone.
    expect((await call(second, 'DELETE', '/apis/v1/topologies/bad')).status).toBe(200);
    const deleted = await Scrape.until(
      second,
      (scrape) => Object.keys(scrape.lastRunStates('bad')).length === 0,
    );
    expect(deleted.series('epoch_topology_last_success_timestamp_seconds', { topology: 'bad' })).toEqual([]);
    expect(deleted.lastRunStates('good')).toEqual(lastRunIs('COMPLETED'));
  });
});
