// Epoch's one-shot job API against a real node and ZooKeeper: routes, bulk creates idempotent by id, reads and
// deletes, the index rebuilt by a new leader, and every bad input refused naming its field with nothing written.
import { JOB_BULK_MAX, type Job, type JobBulkResult } from '@epoch/shared';
import { describe, expect, it } from 'vitest';
import { call } from '../support/test-node.js';
import { expectRejected, useRealNodes, type RealNode } from '../support/real-nodes.js';

const realNode = useRealNodes();

const job = (id: string, meta: Job['meta'] = { order: id }): Job => ({
  id,
  trigger_ms: Date.UTC(2099, 0, 1),
  meta,
  route: 'orders',
});

async function withRoute(node: RealNode): Promise<void> {
  const put = await call(node, 'PUT', '/apis/v1/job-routes/shop/orders', {
    json: { type: 'REST', webhook_url: 'http://127.0.0.1:9/expired' },
  });
  expect(put.status, JSON.stringify(put.body)).toBe(200);
}

const bulk = async (node: RealNode, jobs: unknown, collection = 'carts') => {
  const result = await call(node, 'POST', `/apis/v1/jobs/shop/${collection}`, { json: jobs });
  expect(result.status, JSON.stringify(result.body)).toBe(200);
  return result.body.data as JobBulkResult[];
};

describe('one-shot jobs API', () => {
  it('creates jobs in bulk, idempotent by id, reads and deletes them', async () => {
    const node = await realNode('jobs-api');
    await withRoute(node);
    expect((await call(node, 'GET', '/apis/v1/job-routes/shop/orders')).body.data).toEqual({
      id: 'orders',
      type: 'REST',
      webhook_url: 'http://127.0.0.1:9/expired',
      timeoutSeconds: 10,
    });

    const jobs = Array.from({ length: 2500 }, (_, i) => job(`cart-${i}`));
    const results = await bulk(node, jobs);
    expect(results).toHaveLength(2500);
    expect(results.every((result) => result.status === 'ok')).toBe(true);
    // Packed: thousands of jobs, a handful of znodes.
    const segments = await node.zk.children(`${node.paths.jobs}/shop/carts/pending`);
    expect(segments.length).toBeGreaterThanOrEqual(1);
    expect(segments.length).toBeLessThanOrEqual(3);

    expect(
      await bulk(node, [job('cart-1'), { ...job('cart-2'), meta: { changed: true } }, job('new')]),
    ).toEqual([
      { id: 'cart-1', status: 'ok' },
      { id: 'cart-2', status: 'conflict', error: 'a different job with this id is pending' },
      { id: 'new', status: 'ok' },
    ]);

    const read = await call(node, 'GET', '/apis/v1/jobs/shop/carts/cart-7');
    expect(read.body.data).toEqual({ job: job('cart-7'), state: 'PENDING' });
    expect((await call(node, 'DELETE', '/apis/v1/jobs/shop/carts/cart-7')).status).toBe(200);
    expect((await call(node, 'GET', '/apis/v1/jobs/shop/carts/cart-7')).status).toBe(404);
    expect((await call(node, 'DELETE', '/apis/v1/jobs/shop/carts/cart-7')).status).toBe(404);
    // Deleted means gone: the id can be created again, with other contents.
    expect(await bulk(node, [job('cart-7', 'again')])).toEqual([{ id: 'cart-7', status: 'ok' }]);
  });

  it("takes NDJSON and timeMachine's trigger_time", async () => {
    const node = await realNode('jobs-ndjson');
    await withRoute(node);
    const { id, meta, route } = job('nd-2');
    const lines = [
      JSON.stringify(job('nd-1')),
      '',
      JSON.stringify({ id, meta, route, trigger_time: Date.UTC(2098, 0, 1) }),
    ].join('\n');
    const response = await fetch(`${node.url}/apis/v1/jobs/shop/carts`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-ndjson' },
      body: lines,
    });
    expect(response.status).toBe(200);
    expect((await call(node, 'GET', '/apis/v1/jobs/shop/carts/nd-2')).body.data).toMatchObject({
      job: { id: 'nd-2', trigger_ms: Date.UTC(2098, 0, 1) },
    });
  });

  it('a new leader finds the pending jobs', async () => {
    const first = await realNode('jobs-takeover-1');
    await withRoute(first);
    await bulk(first, [job('kept')]);
    await first.node.stop();
    const second = await realNode('jobs-takeover-2', { root: first.root });
    expect((await call(second, 'GET', '/apis/v1/jobs/shop/carts/kept')).body.data).toEqual({
      job: job('kept'),
      state: 'PENDING',
    });
    expect(await bulk(second, [job('kept'), { ...job('kept'), meta: 2 }])).toEqual([
      { id: 'kept', status: 'ok' },
      { id: 'kept', status: 'conflict', error: 'a different job with this id is pending' },
    ]);
  });

  it('refuses bad input naming the field, writing nothing', async () => {
    const node = await realNode('jobs-bad');
    await withRoute(node);
    const post = (json: unknown, collection = 'carts') => ({ json, collection });
    const cases: [ReturnType<typeof post>, string][] = [
      [post([{ ...job('a'), trigger_ms: 'soon' }]), 'jobs.0.trigger_ms'],
      [post([job('a'), { ...job('b'), id: 'has/slash' }]), 'jobs.1.id'],
      [post([{ ...job('a'), meta: { blob: 'x'.repeat(4100) } }]), 'jobs.0.meta'],
      [post([{ ...job('a'), route: 'nowhere' }]), 'jobs.0.route'],
      [post({ not: 'an array' }), 'jobs'],
      [post(Array.from({ length: JOB_BULK_MAX + 1 }, (_, i) => job(`j${i}`))), 'jobs'],
      [post([job('a')], 'bad.name'), 'path.collection'],
    ];
    for (const [{ json, collection }, field] of cases)
      await expectRejected(
        node,
        'POST',
        `/apis/v1/jobs/shop/${collection}`,
        { status: 400, field },
        { json },
      );
    await expectRejected(
      node,
      'PUT',
      '/apis/v1/job-routes/shop/orders',
      { status: 400, field: 'webhook_url' },
      {
        json: { webhook_url: 'ftp://127.0.0.1/' },
      },
    );
    // Refused as written, without a connection: a private address is outside the egress policy.
    await expectRejected(
      node,
      'PUT',
      '/apis/v1/job-routes/shop/other',
      { status: 400, field: 'webhook_url' },
      {
        json: { webhook_url: 'http://10.1.2.3/hook' },
      },
    );
    await expectRejected(node, 'GET', '/apis/v1/jobs/sh%20op/carts/a', {
      status: 400,
      field: 'path.database',
    });
    const ndjson = await fetch(`${node.url}/apis/v1/jobs/shop/carts`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-ndjson' },
      body: `${JSON.stringify(job('a'))}\n{oops`,
    });
    expect(ndjson.status).toBe(400);
    expect(((await ndjson.json()) as { message: string }).message).toContain('jobs.1');
    expect((await call(node, 'GET', '/apis/v1/jobs/shop/carts/a')).status).toBe(404);
  });

  it('merges the small segments that single creates make, and every job stays where a read finds it', async () => {
    const node = await realNode('jobs-merge');
    await withRoute(node);
    for (let i = 0; i < 12; i++) await bulk(node, [job(`single-${i}`)]);
    const folder = `${node.paths.jobs}/shop/carts/pending`;
    expect((await node.zk.children(folder)).length).toBe(12);
    await expect.poll(async () => (await node.zk.children(folder)).length, { timeout: 20_000 }).toBe(1);
    for (let i = 0; i < 12; i++)
      expect((await call(node, 'GET', `/apis/v1/jobs/shop/carts/single-${i}`)).body.data).toEqual({
        state: 'PENDING',
        job: job(`single-${i}`),
      });
    expect(await bulk(node, [{ ...job('single-3'), meta: 'other' }])).toEqual([
      { id: 'single-3', status: 'conflict', error: 'a different job with this id is pending' },
    ]);
  });

  it('lists pending jobs by fire time a page at a time, and deletes by id prefix', async () => {
    const node = await realNode('jobs-list');
    await withRoute(node);
    const base = Date.UTC(2099, 0, 1);
    // Out of order, over two requests (two segments): the listing merges them by fire time.
    await bulk(
      node,
      [5, 3, 1].map((i) => ({ ...job(`a-${i}`), trigger_ms: base + i })),
    );
    await bulk(
      node,
      [4, 2, 0].map((i) => ({ ...job(`b-${i}`), trigger_ms: base + i })),
    );
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await call(
        node,
        'GET',
        `/apis/v1/jobs/shop/carts?limit=4${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.status).toBe(200);
      const data = page.body.data as { items: Job[]; next?: string };
      ids.push(...data.items.map((item) => item.id));
      cursor = data.next;
    } while (cursor);
    expect(ids).toEqual(['b-0', 'a-1', 'b-2', 'a-3', 'b-4', 'a-5']);

    const deleted = await call(node, 'DELETE', '/apis/v1/jobs/shop/carts?idPrefix=a-');
    expect(deleted.body.data).toEqual({ deleted: 3 });
    const left = await call(node, 'GET', '/apis/v1/jobs/shop/carts');
    expect((left.body.data as { items: Job[] }).items.map((item) => item.id)).toEqual(['b-0', 'b-2', 'b-4']);

    for (const [path, field] of [
      ['/apis/v1/jobs/shop/carts?limit=0', 'query.limit'],
      ['/apis/v1/jobs/shop/carts?state=GONE', 'query.state'],
      ['/apis/v1/jobs/shop/carts?cursor=not-ours', 'query.cursor'],
    ])
      await expectRejected(node, 'GET', path!, { status: 400, field: field! });
    await expectRejected(node, 'DELETE', '/apis/v1/jobs/shop/carts', {
      status: 400,
      field: 'query.idPrefix',
    });
  });
});
