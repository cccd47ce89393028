// One-shot jobs fire against a real node, ZooKeeper and an HTTP receiver on loopback: each job's raw meta is
// POSTed once at its time with its identifying headers, the store gives the fired jobs up, and a job whose call
// was in flight when its leader went is sent again by the next one, with the same Idempotency-Key.
import type { Job } from '@epoch/shared';
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeRecords, type DeliveryRecord } from '../../src/jobs/delivery-records.js';
import { startReceiver, type Receiver } from '../http/receiver.js';
import { useRealNodes, type RealNode } from '../support/real-nodes.js';
import { call } from '../support/test-node.js';

const realNode = useRealNodes();
const receivers: Receiver[] = [];
const held: ServerResponse[] = [];

afterEach(async () => {
  for (const response of held.splice(0)) response.destroy();
  for (const receiver of receivers.splice(0)) await receiver.close();
});

/** When each job's call arrived, by its Epoch-Job-Id. */
const arrivals = new Map<string, number>();

async function receiver(hold: (call: number) => boolean = () => false): Promise<Receiver> {
  let calls = 0;
  const started = await startReceiver((request, response) => {
    arrivals.set(String(request.headers['epoch-job-id']), Date.now());
    if (hold(++calls)) held.push(response);
    else response.end('ok');
  });
  receivers.push(started);
  return started;
}

async function setUp(node: RealNode, url: string, jobs: Job[]): Promise<void> {
  const route = await call(node, 'PUT', '/apis/v1/job-routes/shop/expiry', { json: { webhook_url: url } });
  expect(route.status, JSON.stringify(route.body)).toBe(200);
  const created = await call(node, 'POST', '/apis/v1/jobs/shop/carts', { json: jobs });
  expect(created.status, JSON.stringify(created.body)).toBe(200);
}

async function recordsOf(node: RealNode): Promise<DeliveryRecord[]> {
  const folder = `${node.paths.jobs}/shop/carts/records`;
  const records = [];
  for (const name of await node.zk.children(folder))
    records.push(...decodeRecords((await node.zk.get(`${folder}/${name}`))!.data, name));
  return records;
}

const job = (id: string, trigger: number, meta: Job['meta']): Job => ({
  id,
  trigger_ms: trigger,
  meta,
  route: 'expiry',
});

describe('one-shot job delivery', () => {
  it('POSTs each job once at its time, raw meta as the body, and the store gives fired jobs up', async () => {
    const node = await realNode('jobs-fire');
    const sink = await receiver();
    const at = Date.now() + 1_500;
    const jobs = [
      job('late', Date.now() - 60_000, { cart: 'late' }),
      ...Array.from({ length: 50 }, (_, i) =>
        job(`cart-${i}`, at + i * 10, { cart: i, big: 12345678901234 }),
      ),
    ];
    await setUp(node, `${sink.url}/expired?source=epoch`, jobs);

    await expect.poll(() => sink.received.length, { timeout: 15_000 }).toBe(51);
    const byId = new Map(sink.received.map((request) => [request.headers['epoch-job-id'], request]));
    expect(byId.size).toBe(51);
    const first = byId.get('cart-0')!;
    expect(first).toMatchObject({ method: 'POST', path: '/expired?source=epoch' });
    expect(JSON.parse(first.rawBody.toString())).toEqual({ cart: 0, big: 12345678901234 });
    expect(first.headers).toMatchObject({
      'content-type': 'application/json',
      'epoch-collection': 'carts',
      'idempotency-key': 'shop/carts/cart-0',
    });
    expect(JSON.parse(byId.get('late')!.rawBody.toString())).toEqual({ cart: 'late' });
    for (const { id, trigger_ms } of jobs) expect(arrivals.get(id)).toBeGreaterThanOrEqual(trigger_ms);

    // Delivered jobs leave: no pending or claimed segment is left, and their records are kept.
    const base = `${node.paths.jobs}/shop/carts`;
    await expect
      .poll(async () => (await node.zk.children(`${base}/claimed`)).length, { timeout: 10_000 })
      .toBe(0);
    expect(await node.zk.children(`${base}/pending`)).toEqual([]);
    const records = await recordsOf(node);
    expect(records).toHaveLength(51);
    expect(records.find((record) => record.id === 'cart-0')).toMatchObject({
      state: 'DELIVERED',
      httpStatus: 200,
      attempts: 1,
      resent: false,
    });
    expect((await call(node, 'GET', '/apis/v1/jobs/shop/carts/cart-3')).body.data).toMatchObject({
      state: 'DELIVERED',
      id: 'cart-3',
      delivery: { state: 'DELIVERED', httpStatus: 200, attempts: 1, resent: false },
    });
    const delivered = await call(node, 'GET', '/apis/v1/jobs/shop/carts?state=DELIVERED&limit=1000');
    expect((delivered.body.data as { items: unknown[] }).items).toHaveLength(51);
    const failed = await call(node, 'GET', '/apis/v1/jobs/shop/carts?state=FAILED');
    expect(failed.body.data).toEqual({ items: [] });
    const metrics = await (await fetch(`${node.url}/metrics`)).text();
    expect(metrics).toMatch(/^epoch_jobs_delivered_total 51$/m);
    expect(metrics).toMatch(/^epoch_job_fire_lag_seconds_count 51$/m);
    expect(metrics).toMatch(/^epoch_jobs_pending 0$/m);
    // Nothing is sent twice.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(sink.received).toHaveLength(51);
  });

  it('sends a job whose call was in flight when its leader went again, with the same Idempotency-Key', async () => {
    const sink = await receiver((n) => n === 1);
    const first = await realNode('jobs-failover');
    await setUp(first, `${sink.url}/hook`, [job('pay-1', Date.now() + 500, { pay: 1 })]);
    await expect.poll(() => sink.received.length, { timeout: 10_000 }).toBe(1);
    // Gone before the answer: only the receiver knows the call arrived.
    await first.node.stop();
    const second = await realNode('jobs-failover', { root: first.root });
    await expect.poll(() => sink.received.length, { timeout: 15_000 }).toBe(2);
    const [sent, resent] = sink.received;
    expect(resent!.headers['idempotency-key']).toBe(sent!.headers['idempotency-key']);
    expect(resent!.rawBody.toString()).toBe(sent!.rawBody.toString());
    await expect.poll(async () => (await recordsOf(second)).length, { timeout: 10_000 }).toBe(1);
    expect((await recordsOf(second))[0]).toMatchObject({ id: 'pay-1', state: 'DELIVERED', resent: true });
    expect(await second.zk.children(`${second.paths.jobs}/shop/carts/claimed`)).toEqual([]);
    expect(await (await fetch(`${second.url}/metrics`)).text()).toMatch(/^epoch_jobs_resent_total 1$/m);
  });

  it('records failures, refuses to change a job being delivered, and expires records after their keep', async () => {
    const node = await realNode('jobs-records', { jobs: { recordsKeepMs: 6_000 } });
    const sink = await receiver((n) => n === 1);
    await setUp(node, `${sink.url}/hook`, [job('held', Date.now() + 300, 1)]);
    await expect.poll(() => sink.received.length, { timeout: 10_000 }).toBe(1);
    expect((await call(node, 'GET', '/apis/v1/jobs/shop/carts/held')).body.data).toEqual({
      state: 'DELIVERING',
      id: 'held',
    });
    const change = await call(node, 'DELETE', '/apis/v1/jobs/shop/carts/held');
    expect(change.status).toBe(409);
    held.splice(0).forEach((response) => response.end('late'));

    // A route gone by the fire time fails the job, recorded, without a call.
    expect((await call(node, 'DELETE', '/apis/v1/job-routes/shop/expiry')).status).toBe(200);
    const created = await call(node, 'PUT', '/apis/v1/job-routes/shop/other', {
      json: { webhook_url: sink.url },
    });
    expect(created.status).toBe(200);
    await call(node, 'POST', '/apis/v1/jobs/shop/carts', {
      json: [{ ...job('orphan', 0, 2), route: 'other' }],
    });
    await call(node, 'DELETE', '/apis/v1/job-routes/shop/other');
    await expect
      .poll(async () => (await recordsOf(node)).length, { timeout: 10_000 })
      .toBeGreaterThanOrEqual(1);
    // Both records, then neither once the keep has passed.
    await expect
      .poll(async () => (await recordsOf(node)).map((record) => record.id).sort(), { timeout: 10_000 })
      .toEqual(['held', 'orphan']);
    expect((await recordsOf(node)).find((record) => record.id === 'orphan')).toMatchObject({
      state: 'FAILED',
      httpStatus: null,
      message: 'no such route',
    });
    await expect.poll(async () => (await recordsOf(node)).length, { timeout: 20_000 }).toBe(0);
    expect((await call(node, 'GET', '/apis/v1/jobs/shop/carts/held')).status).toBe(404);
    // With nothing pending, claimed or kept, the folders go too: ZooKeeper ends as it started.
    await expect.poll(() => node.zk.exists(node.paths.jobs), { timeout: 10_000 }).toBe(false);
    // And come back with the next job.
    expect(
      (await call(node, 'PUT', '/apis/v1/job-routes/shop/expiry', { json: { webhook_url: sink.url } }))
        .status,
    ).toBe(200);
    await call(node, 'POST', '/apis/v1/jobs/shop/carts', { json: [job('again', Date.UTC(2099, 0, 1), 3)] });
    expect((await call(node, 'GET', '/apis/v1/jobs/shop/carts/again')).body.data).toMatchObject({
      state: 'PENDING',
    });
  });

  it('holds in memory only what is due within the look-ahead, and fires later jobs when their segment comes near', async () => {
    const node = await realNode('jobs-lookahead', { jobs: { lookaheadMs: 1_000 } });
    const sink = await receiver();
    const soon = Date.now() + 500;
    const later = Date.now() + 6_000;
    await setUp(node, `${sink.url}/hook`, [job('soon', soon, 1)]);
    await call(node, 'POST', '/apis/v1/jobs/shop/carts', { json: [job('later', later, 2)] });
    const metrics = async () => await (await fetch(`${node.url}/metrics`)).text();
    await expect.poll(() => sink.received.length, { timeout: 10_000 }).toBe(1);
    expect(Date.now()).toBeLessThan(later);
    // Pending, but beyond the look-ahead: in ZooKeeper only.
    expect(await metrics()).toMatch(/^epoch_jobs_pending 1$/m);
    // Once the first delivery is recorded, nothing is held: 'later' is beyond the look-ahead for seconds yet.
    await expect.poll(metrics, { timeout: 2_500 }).toMatch(/^epoch_jobs_in_memory 0$/m);
    expect(Date.now()).toBeLessThan(later - 1_000);
    await expect.poll(() => sink.received.length, { timeout: 10_000 }).toBe(2);
    expect(arrivals.get('later')).toBeGreaterThanOrEqual(later);
  });

  it('claims no more than maxInFlight at once when many are overdue, and delivers the rest as those settle', async () => {
    const node = await realNode('jobs-in-flight', { jobs: { maxInFlight: 5 } });
    let open = 0;
    let mostOpen = 0;
    const sink = await startReceiver((_request, response) => {
      mostOpen = Math.max(mostOpen, ++open);
      // Answered a little later, so that calls the cap let through would overlap.
      setTimeout(() => {
        open--;
        response.end('ok');
      }, 30);
    });
    receivers.push(sink);
    // All overdue at once, as after an outage.
    await setUp(
      node,
      `${sink.url}/hook`,
      Array.from({ length: 40 }, (_, i) => job(`over-${i}`, Date.now() - 60_000 + i, i)),
    );
    await expect.poll(() => sink.received.length, { timeout: 15_000 }).toBe(40);
    expect(new Set(sink.received.map((request) => request.headers['epoch-job-id'])).size).toBe(40);
    expect(mostOpen).toBeGreaterThan(1);
    expect(mostOpen).toBeLessThanOrEqual(5);
    await expect.poll(async () => (await recordsOf(node)).length, { timeout: 10_000 }).toBe(40);
  });
});
