import { startZooKeeper, type ZooKeeperServer } from '@epoch/test/harness/zookeeper';
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest';
import { call, startTestNode, type TestNode } from './support/test-node.js';
import { containerTopology, httpTopology } from './support/topologies.js';
import { zkSnapshot } from './support/zk-snapshot.js';

let zookeeper: ZooKeeperServer;
let node: TestNode;

beforeAll(async () => {
  zookeeper = await startZooKeeper();
});
afterAll(async () => {
  await zookeeper?.stop();
});
beforeEach(async (context) => {
  node = await startTestNode(zookeeper.connectionString, context.task.name.replace(/\W+/g, '-').slice(0, 40));
});
afterEach(async () => {
  await node.close();
});

/** Sends a bad request and asserts a 4xx naming `field`, with ZooKeeper exactly as before. */
async function expectRejected(
  method: string,
  path: string,
  request: { json?: unknown; rawBody?: string },
  expected: { status: number; field: string },
) {
  const before = await zkSnapshot(node.zk, node.paths.root);
  const result = await call(node, method, path, request);
  expect(result.status).toBe(expected.status);
  expect(result.body.status).toBe('FAILED');
  expect(result.body.message).toContain(expected.field);
  expect(await zkSnapshot(node.zk, node.paths.root)).toEqual(before);
  return result;
}

describe('POST /apis/v1/topologies', () => {
  it('stores a container topology with defaults and answers 200 SUCCESS', async () => {
    const result = await call(node, 'POST', '/apis/v1/topologies', {
      json: containerTopology('nightly-report'),
    });
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({
      status: 'SUCCESS',
      message: 'success',
      data: {
        id: 'nightly-report',
        state: 'ACTIVE',
        created: node.clock.now(),
        updated: node.clock.now(),
        topology: {
          name: 'nightly-report',
          trigger: { type: 'CRON', timeSpec: '0 0/15 * * * ?', timeZone: 'UTC' },
          overlapPolicy: 'SKIP',
          misfirePolicy: 'RUN_ONCE',
          startingDeadlineSeconds: 300,
        },
      },
    });
    const stored = await node.zk.get(node.paths.topology('nightly-report'));
    const envelope = JSON.parse(stored!.data.toString('utf8'));
    expect(envelope.formatVersion).toBe(3);
    expect(envelope.data).toEqual(result.body.data);
  });

  it('accepts an HTTP task, a digest image, an AT trigger in the future and our policy fields', async () => {
    expect((await call(node, 'POST', '/apis/v1/topologies', { json: httpTopology('webhook') })).status).toBe(
      200,
    );
    const pinned = containerTopology('pinned', {
      trigger: { type: 'AT', time: node.clock.now() + 60_000 },
      overlapPolicy: 'REPLACE',
      misfirePolicy: 'SKIP',
      startingDeadlineSeconds: 60,
    });
    (pinned.task as { executable: { url: string } }).executable.url =
      `registry.local:5000/team/app@sha256:${'a'.repeat(64)}`;
    (pinned.task as Record<string, unknown>).timeoutSeconds = 30;
    (pinned.task as Record<string, unknown>).retries = { count: 2, delaySeconds: 5, backoffFactor: 3 };
    const result = await call(node, 'POST', '/apis/v1/topologies', { json: pinned });
    expect(result.status).toBe(200);
    expect(result.body.data).toMatchObject({
      topology: {
        overlapPolicy: 'REPLACE',
        misfirePolicy: 'SKIP',
        startingDeadlineSeconds: 60,
        trigger: { type: 'AT', time: node.clock.now() + 60_000 },
        task: { timeoutSeconds: 30, retries: { count: 2, delaySeconds: 5, backoffFactor: 3 } },
      },
    });
  });

  it("accepts our container fields: a read-only root, a user, and the topology's logging", async () => {
    const hardened = (name: string, task: Record<string, unknown>) =>
      containerTopology(name, { task: { ...containerTopology(name).task, ...task } });
    const local = await call(node, 'POST', '/apis/v1/topologies', {
      json: hardened('local-log', {
        readOnlyRootFs: true,
        user: '1000:1000',
        logging: { type: 'LOCAL', maxSize: '1g', maxFiles: 10 },
      }),
    });
    expect(local.status, JSON.stringify(local.body)).toBe(200);
    expect(local.body.data).toMatchObject({
      topology: {
        task: {
          readOnlyRootFs: true,
          user: '1000:1000',
          logging: { type: 'LOCAL', maxSize: '1g', maxFiles: 10, compress: true },
        },
      },
    });
    const syslog = await call(node, 'POST', '/apis/v1/topologies', {
      json: hardened('syslog', {
        logging: { type: 'RSYSLOG', server: 'tcp+tls://logs.example.com:6514', tagPrefix: 'epoch.' },
      }),
    });
    expect(syslog.status, JSON.stringify(syslog.body)).toBe(200);
  });

  it('accepts an ISO-8601 AT time and stores epoch milliseconds', async () => {
    const result = await call(node, 'POST', '/apis/v1/topologies', {
      json: containerTopology('iso-at', { trigger: { type: 'AT', time: '2030-02-01T00:00:00Z' } }),
    });
    expect(result.status).toBe(200);
    expect(result.body.data).toMatchObject({
      topology: { trigger: { time: Date.parse('2030-02-01T00:00:00Z') } },
    });
  });

  it('accepts a composite of container and HTTP tasks', async () => {
    const composite = containerTopology('pipeline', {
      task: {
        type: 'COMPOSITE',
        compositionType: 'ANY',
        tasks: [containerTopology('x').task, httpTopology('y').task],
      },
    });
    const result = await call(node, 'POST', '/apis/v1/topologies', { json: composite });
    expect(result.status).toBe(200);
    expect(result.body.data).toMatchObject({
      topology: { task: { type: 'COMPOSITE', compositionType: 'ANY' } },
    });
  });

  it('ignores unknown fields, as Epoch does', async () => {
    const result = await call(node, 'POST', '/apis/v1/topologies', {
      json: { ...containerTopology('extra'), someFutureField: 1 },
    });
    expect(result.status).toBe(200);
    expect(result.body.data).not.toHaveProperty('topology.someFutureField');
  });

  it('answers 409 on a duplicate name and leaves the first one untouched', async () => {
    await call(node, 'POST', '/apis/v1/topologies', { json: containerTopology('dup') });
    const result = await expectRejected(
      'POST',
      '/apis/v1/topologies',
      { json: containerTopology('dup', { trigger: { type: 'CRON', timeSpec: '0 0 * * * ?' } }) },
      { status: 409, field: 'dup' },
    );
    expect(result.body.message).toBe('Topology dup already exists with ID: dup');
  });

  const badBodies: Array<[string, { json?: unknown; rawBody?: string }, string]> = [
    ['malformed JSON', { rawBody: '{"name": "x",' }, 'body'],
    ['a JSON array', { json: [1, 2] }, '(root)'],
    ['a numeric name', { json: containerTopology('x', { name: 42 }) }, 'name'],
    ['a name with spaces', { json: containerTopology('has space') }, 'name'],
    ['a missing trigger', { json: containerTopology('x', { trigger: undefined }) }, 'trigger'],
    [
      'an invalid cron',
      { json: containerTopology('x', { trigger: { type: 'CRON', timeSpec: '0 0 12 * * MON' } }) },
      'trigger.timeSpec',
    ],
    [
      'a five-field cron',
      { json: containerTopology('x', { trigger: { type: 'CRON', timeSpec: '* * * * *' } }) },
      'trigger.timeSpec',
    ],
    [
      'an unknown time zone',
      {
        json: containerTopology('x', {
          trigger: { type: 'CRON', timeSpec: '0 * * * * ?', timeZone: 'Mars/Olympus' },
        }),
      },
      'trigger.timeZone',
    ],
    [
      'an AT time in the past',
      { json: containerTopology('x', { trigger: { type: 'AT', time: Date.parse('2020-01-01T00:00:00Z') } }) },
      'trigger.time',
    ],
    [
      'an unknown trigger type',
      { json: containerTopology('x', { trigger: { type: 'EVERY', timeSpec: '1m' } }) },
      'trigger.type',
    ],
    [
      'an unknown overlap policy',
      { json: containerTopology('x', { overlapPolicy: 'QUEUE' }) },
      'overlapPolicy',
    ],
    [
      'a negative deadline',
      { json: containerTopology('x', { startingDeadlineSeconds: -5 }) },
      'startingDeadlineSeconds',
    ],
    [
      'a bad notification email',
      { json: containerTopology('x', { notify: { type: 'MAIL', emails: ['not-an-email'] } }) },
      'notify.emails.0',
    ],
    [
      'a non-boolean onSuccess',
      {
        json: containerTopology('x', {
          notify: { type: 'MAIL', emails: ['a@example.com'], onSuccess: 'yes' },
        }),
      },
      'notify.onSuccess',
    ],
    [
      'a webhook URL that is not http(s)',
      { json: containerTopology('x', { notify: { type: 'WEBHOOK', url: 'ftp://hooks.example/x' } }) },
      'notify.url',
    ],
    [
      'an unknown webhook format',
      {
        json: containerTopology('x', {
          notify: { type: 'WEBHOOK', url: 'https://h.example/x', format: 'XML' },
        }),
      },
      'notify.format',
    ],
  ];
  it.each(badBodies)('rejects %s with 400 naming the field', async (_label, request, field) => {
    await expectRejected('POST', '/apis/v1/topologies', request, { status: 400, field });
  });

  const badTasks: Array<[string, unknown, string]> = [
    [
      'a bad image',
      { ...containerTopology('x').task, executable: { type: 'DOCKER', url: 'UPPER/Case:!!' } },
      'task.executable.url',
    ],
    ['no resources', { ...containerTopology('x').task, resources: [] }, 'task.resources'],
    [
      'a zero CPU count',
      { ...containerTopology('x').task, resources: [{ type: 'CPU', count: 0 }] },
      'task.resources.0.count',
    ],
    [
      'a relative volume',
      {
        ...containerTopology('x').task,
        volumes: [{ pathOnHost: 'data', pathInContainer: '/d', mode: 'READ_ONLY' }],
      },
      'task.volumes.0.pathOnHost',
    ],
    [
      'a bad pull timeout',
      { ...containerTopology('x').task, executable: { url: 'busybox', dockerPullTimeout: 'soon' } },
      'task.executable.dockerPullTimeout',
    ],
    ['an env value that is not a string', { ...containerTopology('x').task, env: { A: 1 } }, 'task.env.A'],
    ['a bad task name', { ...containerTopology('x').task, taskName: 'no/slash' }, 'task.taskName'],
    ['a zero timeout', { ...containerTopology('x').task, timeoutSeconds: 0 }, 'task.timeoutSeconds'],
    [
      'retries without count',
      { ...containerTopology('x').task, retries: { delaySeconds: 1 } },
      'task.retries.count',
    ],
    ['an HTTP task with an ftp URL', { ...httpTopology('x').task, url: 'ftp://example.com/x' }, 'task.url'],
    ['an HTTP task with a bad method', { ...httpTopology('x').task, method: 'FETCH' }, 'task.method'],
    [
      'an HTTP task with a bad success code',
      { ...httpTopology('x').task, successCodes: [700] },
      'task.successCodes.0',
    ],
    [
      'a non-boolean readOnlyRootFs',
      { ...containerTopology('x').task, readOnlyRootFs: 'yes' },
      'task.readOnlyRootFs',
    ],
    ['a user with a space', { ...containerTopology('x').task, user: 'app user' }, 'task.user'],
    ['a user with two groups', { ...containerTopology('x').task, user: '1000:1000:1000' }, 'task.user'],
    [
      'a log size Docker would not read as ours',
      { ...containerTopology('x').task, logging: { type: 'LOCAL', maxSize: '10 MB' } },
      'task.logging.maxSize',
    ],
    [
      'a log file over 1g',
      { ...containerTopology('x').task, logging: { type: 'LOCAL', maxSize: '2g' } },
      'task.logging.maxSize',
    ],
    [
      'more than 10 log files',
      { ...containerTopology('x').task, logging: { type: 'LOCAL', maxFiles: 11 } },
      'task.logging.maxFiles',
    ],
    [
      'a syslog server without a scheme',
      { ...containerTopology('x').task, logging: { type: 'RSYSLOG', server: 'logs.example.com:514' } },
      'task.logging.server',
    ],
    [
      'a syslog server port out of range',
      { ...containerTopology('x').task, logging: { type: 'RSYSLOG', server: 'udp://logs:70000' } },
      'task.logging.server',
    ],
    [
      'a syslog tag template',
      {
        ...containerTopology('x').task,
        logging: { type: 'RSYSLOG', server: 'udp://logs:514', tagPrefix: '{{.ID}}' },
      },
      'task.logging.tagPrefix',
    ],
    ['an unknown task type', { type: 'SHELL', taskName: 'x' }, 'task.type'],
    ['an empty composite', { type: 'COMPOSITE', tasks: [] }, 'task.tasks'],
    [
      'a composite with a bad child',
      { type: 'COMPOSITE', tasks: [containerTopology('x').task, { ...httpTopology('x').task, url: 'nope' }] },
      'task.tasks.1.url',
    ],
    [
      'a composite with duplicate task names',
      { type: 'COMPOSITE', tasks: [containerTopology('x').task, containerTopology('y').task] },
      'duplicate taskName',
    ],
  ];
  it.each(badTasks)('rejects %s with 400 naming the field', async (_label, task, field) => {
    await expectRejected(
      'POST',
      '/apis/v1/topologies',
      { json: containerTopology('x', { task }) },
      { status: 400, field },
    );
  });

  it('lists every offending field of a request at once', async () => {
    const result = await expectRejected(
      'POST',
      '/apis/v1/topologies',
      {
        json: {
          name: '',
          task: { type: 'HTTP', taskName: 't', url: 'x' },
          trigger: { type: 'CRON', timeSpec: 'bad' },
        },
      },
      { status: 400, field: 'name' },
    );
    const fields = (result.body.data as { issues: Array<{ field: string }> }).issues.map(
      (issue) => issue.field,
    );
    expect(fields).toEqual(expect.arrayContaining(['name', 'task.url', 'trigger.timeSpec']));
  });
});

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
