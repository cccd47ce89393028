// Export of every topology from one server and its import into another, over two real ZooKeepers.
import type { TopologyDetails, TopologyExport, TopologyImportResult } from '@epoch/shared';
import { startZooKeeper, type ZooKeeperServer } from '@epoch/test/harness/zookeeper';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { call, startTestNode, type TestNode } from '../support/test-node.js';
import { containerTopology, httpTopology } from '../support/topologies.js';
import { zkSnapshot } from '../support/zk-snapshot.js';

let zookeeperA: ZooKeeperServer;
let zookeeperB: ZooKeeperServer;
let nodeA: TestNode;
let nodeB: TestNode;

beforeAll(async () => {
  // One after the other, so a failed start leaves no ZooKeeper that afterAll does not know about.
  zookeeperA = await startZooKeeper();
  zookeeperB = await startZooKeeper();
});
afterAll(async () => {
  await Promise.all([zookeeperA?.stop(), zookeeperB?.stop()]);
});
beforeEach(async (context) => {
  const label = context.task.name.replace(/\W+/g, '-').slice(0, 30);
  [nodeA, nodeB] = await Promise.all([
    startTestNode(zookeeperA.connectionString, `a-${label}`),
    startTestNode(zookeeperB.connectionString, `b-${label}`),
  ]);
});
afterEach(async () => {
  await Promise.all([nodeA?.close(), nodeB?.close()]);
});

const NAMES = ['nightly', 'one-shot', 'paused-one', 'pipeline', 'webhook'];

/** One of each kind on node A: container, HTTP, composite, AT, a paused one; with policies and notify. */
async function seedNodeA(): Promise<void> {
  const topologies = [
    containerTopology('nightly', {
      overlapPolicy: 'REPLACE',
      misfirePolicy: 'SKIP',
      startingDeadlineSeconds: 60,
    }),
    httpTopology('webhook'),
    containerTopology('pipeline', {
      task: {
        type: 'COMPOSITE',
        compositionType: 'ANY',
        tasks: [containerTopology('x').task, httpTopology('y').task],
      },
      notify: { type: 'MAIL', emails: ['ops@example.com', 'team@example.com'] },
    }),
    containerTopology('one-shot', {
      trigger: { type: 'AT', time: nodeA.clock.now() + 3_600_000 },
      notify: null,
    }),
    containerTopology('paused-one', {
      trigger: { type: 'CRON', timeSpec: '0 30 2 ? * SUN', timeZone: 'Asia/Tokyo' },
    }),
  ];
  for (const json of topologies) {
    const created = await call(nodeA, 'POST', '/apis/v1/topologies', { json });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
  }
  expect((await call(nodeA, 'PUT', '/apis/v1/topologies/paused-one/pause')).status).toBe(200);
}

async function exportFrom(node: TestNode): Promise<{ response: Response; document: TopologyExport }> {
  const response = await fetch(`${node.url}/apis/v1/topology-export`);
  return { response, document: (await response.json()) as TopologyExport };
}

async function importInto(node: TestNode, document: unknown, query = ''): Promise<TopologyImportResult> {
  const result = await call(node, 'POST', `/apis/v1/topology-import${query}`, { json: document });
  expect(result.status, JSON.stringify(result.body)).toBe(200);
  expect(result.body.status).toBe('SUCCESS');
  return result.body.data as TopologyImportResult;
}

async function topologyOn(node: TestNode, name: string): Promise<TopologyDetails> {
  const result = await call(node, 'GET', `/apis/v1/topologies/${name}`);
  expect(result.status).toBe(200);
  return result.body.data as TopologyDetails;
}

describe('GET /apis/v1/topology-export', () => {
  it('answers every topology with its state, by name, as a raw JSON attachment', async () => {
    await seedNodeA();
    const { response, document } = await exportFrom(nodeA);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('content-disposition')).toBe(
      'attachment; filename="epoch-topologies-2030-01-15.json"',
    );
    expect(document.formatVersion).toBe(2);
    expect(document.exportedAt).toBe(nodeA.clock.now());
    expect(document.topologies.map((entry) => entry.topology.name)).toEqual(NAMES);
    for (const entry of document.topologies) {
      const stored = await topologyOn(nodeA, entry.topology.name);
      expect(entry).toEqual({ topology: stored.topology, state: stored.state });
    }
  });

  it('answers an empty list for a server without topologies', async () => {
    const { document } = await exportFrom(nodeA);
    expect(document.topologies).toEqual([]);
  });
});

describe('POST /apis/v1/topology-import', () => {
  it('reproduces every topology of another server exactly, and a second import changes nothing', async () => {
    await seedNodeA();
    const { document } = await exportFrom(nodeA);

    expect(await importInto(nodeB, document)).toEqual({ created: NAMES, updated: [], unchanged: [] });
    for (const name of NAMES) {
      const [original, copy] = await Promise.all([topologyOn(nodeA, name), topologyOn(nodeB, name)]);
      expect(copy.topology).toEqual(original.topology);
      expect(copy.state).toBe(original.state);
    }
    // Through the service: B's scheduler picked them up, with the same next fires as A's.
    for (const name of NAMES) {
      expect(nodeB.node.scheduler.nextFireOf(name)).toBeDefined();
      expect(nodeB.node.scheduler.nextFireOf(name)).toBe(nodeA.node.scheduler.nextFireOf(name));
    }

    const before = await zkSnapshot(nodeB.zk, nodeB.paths.root);
    expect(await importInto(nodeB, document)).toEqual({ created: [], updated: [], unchanged: NAMES });
    expect(await zkSnapshot(nodeB.zk, nodeB.paths.root)).toEqual(before);
    expect((await exportFrom(nodeB)).document.topologies).toEqual(document.topologies);
  });

  it('updates what differs, creates what is missing and leaves the rest alone', async () => {
    await seedNodeA();
    const { document } = await exportFrom(nodeA);
    await importInto(nodeB, document);

    const changed = structuredClone(document);
    const [nightly, , pausedOne] = changed.topologies;
    nightly!.topology.trigger = { type: 'CRON', timeSpec: '0 0 6 * * ?', timeZone: 'UTC' };
    pausedOne!.state = 'ACTIVE';
    changed.topologies.push({ topology: { ...nightly!.topology, name: 'zz-new' }, state: 'PAUSED' });

    expect(await importInto(nodeB, changed)).toEqual({
      created: ['zz-new'],
      updated: ['nightly', 'paused-one'],
      unchanged: ['one-shot', 'pipeline', 'webhook'],
    });
    expect((await exportFrom(nodeB)).document.topologies).toEqual(changed.topologies);
    expect(nodeB.node.scheduler.nextFireOf('nightly')).toBe(Date.parse('2030-01-16T06:00:00Z'));
    expect(nodeB.node.scheduler.nextFireOf('zz-new')).toBe(Date.parse('2030-01-16T06:00:00Z'));
    // The import paused one and resumed another: each says who did it and when, as a pause by hand does.
    const now = nodeB.clock.now();
    expect((await nodeB.topologyStore.require('zz-new')).value).toMatchObject({
      pausedAt: now,
      pausedBy: 'anonymous',
    });
    expect((await nodeB.topologyStore.require('paused-one')).value).toMatchObject({
      resumedAt: now,
      resumedBy: 'anonymous',
    });
  });

  it('on a dry run answers what would happen and writes nothing', async () => {
    await seedNodeA();
    const { document } = await exportFrom(nodeA);
    await importInto(nodeB, { ...document, topologies: document.topologies.slice(0, 2) });
    const changed = structuredClone(document);
    changed.topologies[1]!.state = 'PAUSED';

    const before = await zkSnapshot(nodeB.zk, nodeB.paths.root);
    expect(await importInto(nodeB, changed, '?dryRun=true')).toEqual({
      created: ['paused-one', 'pipeline', 'webhook'],
      updated: ['one-shot'],
      unchanged: ['nightly'],
    });
    expect(await zkSnapshot(nodeB.zk, nodeB.paths.root)).toEqual(before);
  });

  it('accepts a document larger than the API-wide 512 kB body limit', async () => {
    const big = 'x'.repeat(2_000);
    const topologies = Array.from({ length: 400 }, (_, index) => ({
      topology: containerTopology(`bulk-${String(index).padStart(3, '0')}`, {
        task: { ...containerTopology('x').task, env: { PADDING: big } },
      }),
      state: 'ACTIVE',
    }));
    const document = { formatVersion: 1, exportedAt: 0, topologies };
    expect(JSON.stringify(document).length).toBeGreaterThan(512 * 1024);
    const result = await importInto(nodeB, document, '?dryRun=true');
    expect(result.created).toHaveLength(400);
  });

  describe('rejects, naming the field and writing nothing:', () => {
    const valid = (name: string) => ({ topology: containerTopology(name), state: 'ACTIVE' });
    const documentWith = (...entries: unknown[]) => ({
      formatVersion: 1,
      exportedAt: 0,
      topologies: entries,
    });
    const cases: Array<[string, { json?: unknown; rawBody?: string; query?: string }, string]> = [
      ['a body that is not JSON', { rawBody: '{"formatVersion": 1,' }, 'body'],
      ['a JSON array', { json: [valid('a')] }, '(root)'],
      [
        'another format version',
        { json: { ...documentWith(valid('a')), formatVersion: 3 } },
        'formatVersion',
      ],
      ['no topologies list', { json: { formatVersion: 1, exportedAt: 0 } }, 'topologies'],
      [
        'an invalid topology at index 2',
        {
          json: documentWith(valid('a'), valid('b'), {
            topology: containerTopology('c', { trigger: { type: 'CRON', timeSpec: '* * * * *' } }),
            state: 'ACTIVE',
          }),
        },
        'topologies.2.topology.trigger.timeSpec',
      ],
      [
        'an unknown state',
        { json: documentWith(valid('a'), { ...valid('b'), state: 'STOPPED' }) },
        'topologies.1.state',
      ],
      [
        'duplicate names',
        { json: documentWith(valid('a'), valid('b'), valid('a')) },
        'topologies.2.topology.name',
      ],
      [
        'an AT trigger in the past',
        {
          json: documentWith(valid('a'), {
            topology: containerTopology('b', {
              trigger: { type: 'AT', time: Date.parse('2020-01-01T00:00:00Z') },
            }),
            state: 'ACTIVE',
          }),
        },
        'topologies.1.topology.trigger.time',
      ],
      [
        'an HTTP task to an address the egress policy refuses',
        {
          json: documentWith(valid('a'), {
            topology: httpTopology('hook', 'http://10.0.0.1/hook'),
            state: 'ACTIVE',
          }),
        },
        'topologies.1.topology.task.url: this address is not allowed by the egress policy',
      ],
      ['a bad dryRun', { json: documentWith(valid('a')), query: '?dryRun=maybe' }, 'query.dryRun'],
    ];
    it.each(cases)('%s', async (_label, request, field) => {
      await importInto(nodeB, documentWith(valid('existing')));
      const before = await zkSnapshot(nodeB.zk, nodeB.paths.root);
      const result = await call(nodeB, 'POST', `/apis/v1/topology-import${request.query ?? ''}`, request);
      expect(result.status).toBe(400);
      expect(result.body.status).toBe('FAILED');
      expect(result.body.message).toContain(field);
      expect(await zkSnapshot(nodeB.zk, nodeB.paths.root)).toEqual(before);
    });

    it('every issue at once, each with its index', async () => {
      const document = documentWith(
        { ...valid('a'), state: 'GONE' },
        valid('b'),
        { topology: containerTopology('c', { overlapPolicy: 'QUEUE' }), state: 'ACTIVE' },
        valid('b'),
      );
      const result = await call(nodeB, 'POST', '/apis/v1/topology-import', { json: document });
      expect(result.status).toBe(400);
      const data = result.body.data as { issues: Array<{ field: string }> };
      expect(data.issues.map((issue) => issue.field)).toEqual([
        'topologies.0.state',
        'topologies.2.topology.overlapPolicy',
        'topologies.3.topology.name',
      ]);
    });
  });
});
