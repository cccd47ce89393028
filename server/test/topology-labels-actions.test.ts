// Labels and owner on topologies, the list's label filter, and POST /apis/v1/topology-actions, against a real
// node and ZooKeeper: what is stored and shown, and every way a request is refused (400 naming the field,
// nothing written).
import type { TopologyActionResult, TopologyDetails } from '@epoch/shared';
import pino from 'pino';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { expectRejected, node, useNodePerTest } from './support/node-per-test.js';
import { call, startTestNode, waitUntil } from './support/test-node.js';
import { httpTopology } from './support/topologies.js';

useNodePerTest();

const create = async (name: string, extra: Record<string, unknown> = {}) => {
  const result = await call(node, 'POST', '/apis/v1/topologies', {
    json: { ...httpTopology(name), ...extra },
  });
  expect(result.status, JSON.stringify(result.body)).toBe(200);
  return result.body.data as TopologyDetails;
};

const listNames = async (query: string) => {
  const result = await call(node, 'GET', `/apis/v1/topologies?${query}`);
  expect(result.status, JSON.stringify(result.body)).toBe(200);
  return (result.body.data as TopologyDetails[]).map((details) => details.id);
};

const act = async (json: unknown) => {
  const result = await call(node, 'POST', '/apis/v1/topology-actions', { json });
  expect(result.status, JSON.stringify(result.body)).toBe(200);
  return result.body.data as TopologyActionResult[];
};

describe('labels and owner', () => {
  it('are stored, shown and kept by an update that leaves them out', async () => {
    const labels = { team: 'payments', 'example.com/tier': 'web', empty: '' };
    const created = await create('labelled', { labels, owner: 'payments@example.com' });
    expect(created.topology).toMatchObject({ labels, owner: 'payments@example.com' });
    const stored = JSON.parse((await node.zk.get(node.paths.topology('labelled')))!.data.toString('utf8'));
    expect(stored).toMatchObject({
      formatVersion: 3,
      data: { topology: { labels, owner: 'payments@example.com' } },
    });

    // An Epoch client's full update knows no labels: they stay.
    const updated = await call(node, 'PUT', '/apis/v1/topologies', { json: httpTopology('labelled') });
    expect(updated.status).toBe(200);
    expect((updated.body.data as TopologyDetails).topology).toMatchObject({
      labels,
      owner: 'payments@example.com',
    });

    // `{}` clears the labels and null the owner; neither is then shown.
    const cleared = await call(node, 'PUT', '/apis/v1/topologies', {
      json: { ...httpTopology('labelled'), labels: {}, owner: null },
    });
    expect(cleared.status).toBe(200);
    const topology = (cleared.body.data as TopologyDetails).topology;
    expect(topology).not.toHaveProperty('labels');
    expect(topology).not.toHaveProperty('owner');
  });

  it('leave a topology without them as an Epoch client sent it', async () => {
    const created = await create('plain');
    expect(created.topology).not.toHaveProperty('labels');
    expect(created.topology).not.toHaveProperty('owner');
  });

  it('travel through an export and an import', async () => {
    await create('exported', { labels: { team: 'payments' }, owner: 'ann' });
    const exported = await call(node, 'GET', '/apis/v1/topology-export');
    expect(exported.status).toBe(200);
    const document = exported.body as unknown as { topologies: Array<{ topology: Record<string, unknown> }> };
    expect(document.topologies[0]?.topology).toMatchObject({ labels: { team: 'payments' }, owner: 'ann' });
    expect((await call(node, 'DELETE', '/apis/v1/topologies/exported')).status).toBe(200);
    const imported = await call(node, 'POST', '/apis/v1/topology-import', { json: document });
    expect(imported.status, JSON.stringify(imported.body)).toBe(200);
    const again = await call(node, 'GET', '/apis/v1/topologies/exported');
    expect((again.body.data as TopologyDetails).topology).toMatchObject({
      labels: { team: 'payments' },
      owner: 'ann',
    });
    // The same document again changes nothing; other labels are a change.
    const reimported = await call(node, 'POST', '/apis/v1/topology-import', { json: document });
    expect(reimported.body.data).toEqual({ created: [], updated: [], unchanged: ['exported'] });
    document.topologies[0]!.topology.labels = { team: 'ops' };
    const relabelled = await call(node, 'POST', '/apis/v1/topology-import', { json: document });
    expect(relabelled.body.data).toEqual({ created: [], updated: ['exported'], unchanged: [] });
    const last = await call(node, 'GET', '/apis/v1/topologies/exported');
    expect((last.body.data as TopologyDetails).topology.labels).toEqual({ team: 'ops' });
  });

  const badLabels: Array<[string, Record<string, unknown>, string]> = [
    ['a key with a space', { labels: { 'bad key': 'x' } }, 'labels.bad key'],
    ['a key name too long', { labels: { ['k'.repeat(64)]: 'x' } }, `labels.${'k'.repeat(64)}`],
    ['an uppercase prefix', { labels: { 'Example.com/team': 'x' } }, 'labels.Example.com/team'],
    ['an empty key name', { labels: { 'example.com/': 'x' } }, 'labels.example.com/'],
    ['a value with a slash', { labels: { team: 'a/b' } }, 'labels.team'],
    ['a value too long', { labels: { team: 'v'.repeat(64) } }, 'labels.team'],
    ['a value starting with "-"', { labels: { team: '-x' } }, 'labels.team'],
    ['a non-string value', { labels: { team: 1 } }, 'labels.team'],
    ['labels not an object', { labels: ['team'] }, 'labels'],
    [
      'too many labels',
      { labels: Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`k${i}`, 'v'])) },
      'labels',
    ],
    ['an empty owner', { owner: ' ' }, 'owner'],
    ['an owner too long', { owner: 'o'.repeat(129) }, 'owner'],
    ['an owner not a string', { owner: 7 }, 'owner'],
  ];
  it.each(badLabels)('refuses %s: 400 naming the field, nothing written', async (_name, extra, field) => {
    await expectRejected(
      'POST',
      '/apis/v1/topologies',
      { json: { ...httpTopology('bad'), ...extra } },
      { status: 400, field },
    );
  });

  it('refuses bad labels on a full update, leaving the stored topology as it was', async () => {
    await create('kept', { labels: { team: 'payments' } });
    await expectRejected(
      'PUT',
      '/apis/v1/topologies',
      { json: { ...httpTopology('kept'), labels: { team: 'no way' } } },
      { status: 400, field: 'labels.team' },
    );
  });
});

describe('GET /apis/v1/topologies?label=', () => {
  it('keeps the topologies every label requirement holds for', async () => {
    await create('pay-web', { labels: { team: 'payments', tier: 'web' } });
    await create('pay-batch', { labels: { team: 'payments', tier: 'batch' } });
    await create('ops-web', { labels: { team: 'ops', tier: 'web' } });
    await create('unlabelled');
    expect(await listNames('label=team=payments')).toEqual(['pay-batch', 'pay-web']);
    expect(await listNames('label=team=payments&label=tier=web')).toEqual(['pay-web']);
    expect(await listNames('label=tier')).toEqual(['ops-web', 'pay-batch', 'pay-web']);
    expect(await listNames('label=team=nobody')).toEqual([]);
    expect(await listNames('')).toEqual(['ops-web', 'pay-batch', 'pay-web', 'unlabelled']);
    // The UI's list takes the same query.
    const summaries = await call(node, 'GET', '/apis/v1/topology-summaries?label=tier=web');
    expect((summaries.body.data as Array<{ details: TopologyDetails }>).map((s) => s.details.id)).toEqual([
      'ops-web',
      'pay-web',
    ]);
  });

  it.each([
    ['an empty selector', 'label='],
    ['a bad key', 'label=bad%20key=x'],
    ['a bad value', 'label=team=a/b'],
    ['a missing key', 'label==x'],
  ])('refuses %s: 400 naming label', async (_name, query) => {
    for (const path of ['/apis/v1/topologies', '/apis/v1/topology-summaries']) {
      const result = await call(node, 'GET', `${path}?${query}`);
      expect(result.status).toBe(400);
      expect(result.body.message).toContain('query.label');
    }
  });
});

describe('POST /apis/v1/topology-actions', () => {
  it('pauses and resumes the topologies named by id, each on its own', async () => {
    for (const name of ['a', 'b', 'c']) await create(name);
    expect(await act({ action: 'PAUSE', ids: ['a', 'b'] })).toEqual([
      { id: 'a', ok: true },
      { id: 'b', ok: true },
    ]);
    const states = async () =>
      Object.fromEntries(
        ((await call(node, 'GET', '/apis/v1/topologies')).body.data as TopologyDetails[]).map((d) => [
          d.id,
          d.state,
        ]),
      );
    expect(await states()).toEqual({ a: 'PAUSED', b: 'PAUSED', c: 'ACTIVE' });
    // Idempotent, as the single endpoints are.
    expect(await act({ action: 'RESUME', ids: ['a', 'b', 'c'] })).toEqual([
      { id: 'a', ok: true },
      { id: 'b', ok: true },
      { id: 'c', ok: true },
    ]);
    expect(await states()).toEqual({ a: 'ACTIVE', b: 'ACTIVE', c: 'ACTIVE' });
  });

  it('acts on what a selector picks, and on nothing when it picks nothing', async () => {
    await create('pay-1', { labels: { team: 'payments' } });
    await create('pay-2', { labels: { team: 'payments', tier: 'web' } });
    await create('ops-1', { labels: { team: 'ops' } });
    expect(await act({ action: 'PAUSE', selector: 'team=payments' })).toEqual([
      { id: 'pay-1', ok: true },
      { id: 'pay-2', ok: true },
    ]);
    expect(await listNames('state=PAUSED')).toEqual(['pay-1', 'pay-2']);
    expect(await act({ action: 'DELETE', selector: 'team=payments,tier' })).toEqual([
      { id: 'pay-2', ok: true },
    ]);
    expect(await listNames('')).toEqual(['ops-1', 'pay-1']);
    expect(await act({ action: 'DELETE', selector: 'team=nobody' })).toEqual([]);
  });

  it('goes on past an unknown id, saying which failed', async () => {
    await create('known-1');
    await create('known-2');
    const results = await act({ action: 'DELETE', ids: ['known-1', 'ghost', 'known-2'] });
    expect(results).toEqual([
      { id: 'known-1', ok: true },
      { id: 'ghost', ok: false, error: expect.stringContaining('ghost') },
      { id: 'known-2', ok: true },
    ]);
    expect(await listNames('')).toEqual([]);
  });

  it('starts an instant run of each, paused ones too, and names the runs', async () => {
    await create('run-1');
    await create('run-2');
    await act({ action: 'PAUSE', ids: ['run-2'] });
    const results = await act({ action: 'RUN', ids: ['run-1', 'run-2', 'ghost'] });
    expect(results).toEqual([
      { id: 'run-1', ok: true, runId: expect.any(String) },
      { id: 'run-2', ok: true, runId: expect.any(String) },
      { id: 'ghost', ok: false, error: expect.stringContaining('ghost') },
    ]);
    for (const { id, runId } of results.slice(0, 2)) {
      await waitUntil(
        async () => (await call(node, 'GET', `/apis/v1/topologies/${id}/runs/${runId}`)).status === 200,
      );
    }
  });

  it('logs one audit line per topology, saying how it went', async () => {
    const lines: Array<{ msg: string; audit?: Record<string, unknown> }> = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    const audited = await startTestNode(node.zk.connectionString, 'audited', {
      clock: node.clock,
      logger: pino({ level: 'info' }, sink),
    });
    try {
      const topology = await call(audited, 'POST', '/apis/v1/topologies', { json: httpTopology('audited') });
      expect(topology.status).toBe(200);
      const result = await call(audited, 'POST', '/apis/v1/topology-actions', {
        json: { action: 'PAUSE', ids: ['audited', 'ghost'] },
      });
      expect(result.status).toBe(200);
      await waitUntil(() => lines.filter((line) => line.audit?.action === 'PAUSE').length === 2);
      expect(lines.filter((line) => line.audit?.action === 'PAUSE')).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            msg: 'change',
            audit: expect.objectContaining({
              topologyId: 'audited',
              ok: true,
              path: '/apis/v1/topology-actions',
            }),
          }),
          expect.objectContaining({
            msg: 'change refused',
            audit: expect.objectContaining({
              topologyId: 'ghost',
              ok: false,
              error: expect.stringContaining('ghost'),
            }),
          }),
        ]),
      );
    } finally {
      await audited.close();
    }
  });

  const badRequests: Array<[string, unknown, string]> = [
    ['no action', { ids: ['a'] }, 'action'],
    ['an unknown action', { action: 'EXPLODE', ids: ['a'] }, 'action'],
    ['neither ids nor selector', { action: 'PAUSE' }, 'ids'],
    ['both ids and selector', { action: 'PAUSE', ids: ['a'], selector: 'team=payments' }, 'selector'],
    ['empty ids', { action: 'PAUSE', ids: [] }, 'ids'],
    ['a non-string id', { action: 'PAUSE', ids: [1] }, 'ids.0'],
    ['a duplicate id', { action: 'PAUSE', ids: ['a', 'a'] }, 'ids.1'],
    ['a bad selector', { action: 'PAUSE', selector: 'team=no way' }, 'selector'],
    ['an empty selector', { action: 'PAUSE', selector: '' }, 'selector'],
    ['an unknown field', { action: 'PAUSE', ids: ['a'], force: true }, 'force'],
    ['not an object', ['a'], '(root)'],
  ];
  it.each(badRequests)('refuses %s: 400 naming the field, nothing changed', async (_name, json, field) => {
    await create('a');
    await expectRejected('POST', '/apis/v1/topology-actions', { json }, { status: 400, field });
  });
});
