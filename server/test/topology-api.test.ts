// POST /apis/v1/topologies against a real node and ZooKeeper: what it stores, and every way a request is
// refused (400 naming the field, nothing written). The other endpoints: topology-api-endpoints.test.ts.
import { describe, expect, it } from 'vitest';
import { expectRejected, node, useNodePerTest } from './support/node-per-test.js';
import { call } from './support/test-node.js';
import { containerTopology, httpTopology } from './support/topologies.js';

useNodePerTest();

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

  it("stores a container task's placement and start timeout", async () => {
    const placement = {
      constraints: ['node.labels.pool==batch', 'node.role != manager'],
      preferences: [{ spread: 'node.labels.zone' }],
    };
    const task = { ...containerTopology('x').task, placement, startTimeout: '10 minutes' };
    const result = await call(node, 'POST', '/apis/v1/topologies', {
      json: containerTopology('placed', { task }),
    });
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({
      data: { topology: { task: { placement, startTimeout: '10 minutes' } } },
    });
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
    [
      'a placement constraint Swarm could never match',
      {
        ...containerTopology('x').task,
        placement: { constraints: ['node.role==manager', 'node.labels.pool=batch'] },
      },
      'task.placement.constraints.1',
    ],
    [
      'a spread over something other than a label',
      { ...containerTopology('x').task, placement: { preferences: [{ spread: 'node.id' }] } },
      'task.placement.preferences.0.spread',
    ],
    [
      'a placement in a composite with a bad constraint',
      {
        type: 'COMPOSITE',
        tasks: [
          containerTopology('x').task,
          {
            ...containerTopology('y').task,
            taskName: 'second',
            placement: { constraints: ['node.role==leader'] },
          },
        ],
      },
      'task.tasks.1.placement.constraints.0',
    ],
    ['a start timeout of zero', { ...containerTopology('x').task, startTimeout: '0s' }, 'task.startTimeout'],
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
