// The API beyond creating topologies, against a real node and ZooKeeper: listing, the single-topology
// endpoints (GET, PUT, the simple edit, pause/unpause, DELETE), cron preview, leader, OpenAPI and health.
import { beforeEach, describe, expect, it } from 'vitest';
import { expectRejected, node, useNodePerTest } from './support/node-per-test.js';
import { call } from './support/test-node.js';
import { containerTopology, httpTopology } from './support/topologies.js';
import { zkSnapshot } from './support/zk-snapshot.js';

useNodePerTest();

describe('GET /apis/v1/topologies', () => {
  beforeEach(async () => {
    for (const name of ['beta', 'alpha', 'gamma-hook']) {
      const body = name.endsWith('hook') ? httpTopology(name) : containerTopology(name);
      await call(node, 'POST', '/apis/v1/topologies', { json: body });
      node.clock.advance(1_000);
    }
    await call(node, 'PUT', '/apis/v1/topologies/beta/pause');
  });

  it('returns a plain array of every topology, with the total in a header', async () => {
    const result = await call(node, 'GET', '/apis/v1/topologies');
    expect(result.status).toBe(200);
    expect((result.body.data as Array<{ id: string }>).map((d) => d.id)).toEqual([
      'alpha',
      'beta',
      'gamma-hook',
    ]);
    expect(result.headers.get('x-total-count')).toBe('3');
  });

  it('filters, sorts and pages on request', async () => {
    const ids = async (query: string) =>
      ((await call(node, 'GET', `/apis/v1/topologies?${query}`)).body.data as Array<{ id: string }>).map(
        (d) => d.id,
      );
    expect(await ids('search=AL')).toEqual(['alpha']);
    expect(await ids('state=PAUSED')).toEqual(['beta']);
    expect(await ids('state=ACTIVE&state=PAUSED&sort=created&order=desc')).toEqual([
      'gamma-hook',
      'alpha',
      'beta',
    ]);
    expect(await ids('taskType=HTTP')).toEqual(['gamma-hook']);
    expect(await ids('triggerType=AT')).toEqual([]);
    const page = await call(node, 'GET', '/apis/v1/topologies?sort=name&offset=1&limit=1');
    expect((page.body.data as Array<{ id: string }>).map((d) => d.id)).toEqual(['beta']);
    expect(page.headers.get('x-total-count')).toBe('3');
  });

  it.each([
    ['limit=abc', 'query.limit'],
    ['limit=0', 'query.limit'],
    ['offset=-1', 'query.offset'],
    ['state=RUNNING', 'query.state'],
    ['sort=size', 'query.sort'],
  ])('rejects %s with 400 naming %s', async (query, field) => {
    await expectRejected('GET', `/apis/v1/topologies?${query}`, {}, { status: 400, field });
  });
});

describe('single topology endpoints', () => {
  beforeEach(async () => {
    await call(node, 'POST', '/apis/v1/topologies', { json: containerTopology('job') });
  });

  it('GET returns the topology and 404 for an unknown id', async () => {
    expect((await call(node, 'GET', '/apis/v1/topologies/job')).body.data).toMatchObject({ id: 'job' });
    const missing = await call(node, 'GET', '/apis/v1/topologies/nope');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ status: 'FAILED', message: 'Topology not found: nope' });
  });

  it('PUT /topologies replaces the topology, keeping created and state', async () => {
    node.clock.advance(5_000);
    const changed = containerTopology('job', {
      trigger: { type: 'CRON', timeSpec: '0 30 2 * * ?', timeZone: 'America/New_York' },
    });
    const result = await call(node, 'PUT', '/apis/v1/topologies', { json: changed });
    expect(result.status).toBe(200);
    expect(result.body.data).toMatchObject({
      state: 'ACTIVE',
      created: node.clock.now() - 5_000,
      updated: node.clock.now(),
      topology: { trigger: { timeSpec: '0 30 2 * * ?', timeZone: 'America/New_York' } },
    });
  });

  it('PUT /topologies rejects an unknown name with 404 and bad input with 400, changing nothing', async () => {
    await expectRejected(
      'PUT',
      '/apis/v1/topologies',
      { json: containerTopology('ghost') },
      { status: 404, field: 'ghost' },
    );
    await expectRejected(
      'PUT',
      '/apis/v1/topologies',
      { json: containerTopology('job', { trigger: { type: 'CRON', timeSpec: '0 0 25 * * ?' } }) },
      { status: 400, field: 'trigger.timeSpec' },
    );
    await expectRejected(
      'PUT',
      '/apis/v1/topologies',
      { rawBody: 'not json' },
      { status: 400, field: 'body' },
    );
  });

  it('PUT /topologies/{id} applies the simple edit as a single docker-task', async () => {
    const edit = {
      cron: '0 0 6 ? * MON-FRI',
      docker: 'team/report:2',
      cpus: 2,
      memory: 512,
      notifyEmail: 'a@example.com, b@example.com',
      env: { MODE: 'full' },
      volumes: [{ pathOnHost: '/srv/data', pathInContainer: '/data', mode: 'READ_ONLY' }],
    };
    const result = await call(node, 'PUT', '/apis/v1/topologies/job', { json: edit });
    expect(result.status).toBe(200);
    expect(result.body.data).toMatchObject({
      id: 'job',
      topology: {
        name: 'job',
        task: {
          type: 'CONTAINER_EXECUTION',
          taskName: 'docker-task',
          executable: { url: 'team/report:2', dockerPullTimeout: '120 seconds' },
          resources: [
            { type: 'CPU', count: 2 },
            { type: 'MEMORY', sizeInMB: 512 },
          ],
          env: { MODE: 'full' },
        },
        trigger: { type: 'CRON', timeSpec: '0 0 6 ? * MON-FRI', timeZone: 'UTC' },
        notify: { type: 'MAIL', emails: ['a@example.com', 'b@example.com'] },
      },
    });
  });

  it.each([
    [{ cron: '0 0 6 * * ?', docker: 'a/b', cpus: 99, memory: 512 }, 'cpus'],
    [{ cron: '0 0 6 * * ?', docker: 'a/b', cpus: 1, memory: 64 }, 'memory'],
    [{ cron: 'nope', docker: 'a/b', cpus: 1, memory: 512 }, 'cron'],
    [{ cron: '0 0 6 * * ?', docker: 'A B', cpus: 1, memory: 512 }, 'docker'],
    [{ cron: '0 0 6 * * ?', docker: 'a/b', cpus: 1, memory: 512, notifyEmail: 'x@' }, 'notifyEmail'],
  ])('the simple edit rejects %j with 400 naming %s', async (edit, field) => {
    await expectRejected('PUT', '/apis/v1/topologies/job', { json: edit }, { status: 400, field });
  });

  it('the simple edit answers 404 for an unknown id', async () => {
    const edit = { cron: '0 0 6 * * ?', docker: 'a/b', cpus: 1, memory: 512 };
    await expectRejected('PUT', '/apis/v1/topologies/ghost', { json: edit }, { status: 404, field: 'ghost' });
  });

  it('pause and unpause change the state, say who and when, and repeating one writes nothing', async () => {
    const pausedAt = node.clock.now();
    const paused = await call(node, 'PUT', '/apis/v1/topologies/job/pause');
    expect(paused.body.data).toMatchObject({ state: 'PAUSED', pausedAt, pausedBy: 'anonymous' });
    expect((await call(node, 'GET', '/apis/v1/topologies/job')).body.data).toMatchObject({
      pausedAt,
      pausedBy: 'anonymous',
    });
    const before = await zkSnapshot(node.zk, node.paths.root);
    node.clock.advance(1_000);
    expect((await call(node, 'PUT', '/apis/v1/topologies/job/pause')).body.data).toMatchObject({
      state: 'PAUSED',
      pausedAt,
    });
    expect(await zkSnapshot(node.zk, node.paths.root)).toEqual(before);
    const resumed = (await call(node, 'PUT', '/apis/v1/topologies/job/unpause')).body.data;
    expect(resumed).toMatchObject({
      state: 'ACTIVE',
      updated: node.clock.now(),
      resumedAt: node.clock.now(),
      resumedBy: 'anonymous',
    });
    // Only the stamps of the state it is in: a resumed topology is no longer "paused since".
    expect(resumed).not.toHaveProperty('pausedAt');
    expect(resumed).not.toHaveProperty('pausedBy');
    await expectRejected('PUT', '/apis/v1/topologies/ghost/pause', {}, { status: 404, field: 'ghost' });
    await expectRejected('PUT', '/apis/v1/topologies/ghost/unpause', {}, { status: 404, field: 'ghost' });
  });

  it('DELETE removes the topology and its runs, and 404s afterwards', async () => {
    await node.runStore.claim(
      {
        topologyId: 'job',
        runId: 'ESR-2030-01-15-10-00-00-000',
        state: 'SUCCESSFUL',
        tasks: {},
        runType: 'SCHEDULED',
        created: node.clock.now(),
        updated: node.clock.now(),
      },
      node.node.election.fence(),
    );
    const result = await call(node, 'DELETE', '/apis/v1/topologies/job');
    expect(result.body).toEqual({ status: 'SUCCESS', data: true, message: 'success' });
    expect(await node.zk.exists(node.paths.topology('job'))).toBe(false);
    expect(await node.zk.exists(node.paths.runsOf('job'))).toBe(false);
    await expectRejected('DELETE', '/apis/v1/topologies/job', {}, { status: 404, field: 'job' });
  });
});

describe('cron preview, leader, OpenAPI and health', () => {
  it('previews the next fire times after now, in the zone asked for', async () => {
    node.clock.set('2030-03-10T06:00:00Z');
    const result = await call(
      node,
      'GET',
      `/apis/v1/cron/preview?expression=${encodeURIComponent('0 30 2 * * ?')}&timeZone=America/New_York&count=2`,
    );
    expect(result.status).toBe(200);
    // 2030-03-10 is a spring-forward day in New York: 02:30 does not exist that day, and Quartz 2.3.2
    // (checked with the real one) skips it rather than firing after the gap.
    expect(result.body.data).toEqual({
      expression: '0 30 2 * * ?',
      timeZone: 'America/New_York',
      valid: true,
      nextFireTimes: [Date.parse('2030-03-11T06:30:00Z'), Date.parse('2030-03-12T06:30:00Z')],
    });
  });

  it('reports an invalid expression as a verdict naming the field and token', async () => {
    const result = await call(
      node,
      'GET',
      `/apis/v1/cron/preview?expression=${encodeURIComponent('0 0 12 ? * 9')}`,
    );
    expect(result.status).toBe(200);
    expect(result.body.data).toMatchObject({ valid: false, nextFireTimes: [] });
    expect((result.body.data as { message: string }).message).toMatch(/day-of-week.*9/i);
  });

  it.each([
    ['', 'query.expression'],
    ['expression=0+*+*+*+*+%3F&timeZone=Nowhere/City', 'query.timeZone'],
    ['expression=0+*+*+*+*+%3F&count=0', 'query.count'],
    ['expression=0+*+*+*+*+%3F&count=1000', 'query.count'],
  ])('rejects the query %j with 400 naming %s', async (query, field) => {
    await expectRejected('GET', `/apis/v1/cron/preview?${query}`, {}, { status: 400, field });
  });

  it('names this node as leader in Epoch raw JSON', async () => {
    const response = await fetch(`${node.url}/apis/housekeeping/v1/leader`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ leader: 'http://epoch-test:8080' });
  });

  it('serves an OpenAPI 3.1 document describing every endpoint', async () => {
    const response = await fetch(`${node.url}/apis/openapi.json`);
    const document = (await response.json()) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
    };
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/apis/v1/topologies',
        '/apis/v1/topologies/{topologyId}',
        '/apis/v1/topologies/{topologyId}/pause',
        '/apis/v1/topologies/{topologyId}/unpause',
        '/apis/v1/cron/preview',
        '/apis/housekeeping/v1/leader',
      ]),
    );
    expect(Object.keys(document.paths['/apis/v1/topologies']!)).toEqual(['post', 'put', 'get']);
    expect(JSON.stringify(document)).toContain('overlapPolicy');
  });

  it('answers health and readiness, and 404 for unknown API paths', async () => {
    expect((await fetch(`${node.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${node.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', zookeeper: 'connected' });
    const unknown = await call(node, 'GET', '/apis/v1/nothing-here');
    expect(unknown.status).toBe(404);
    expect(unknown.body.status).toBe('FAILED');
  });
});
