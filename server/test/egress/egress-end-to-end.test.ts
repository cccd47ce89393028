// The egress policy on a real node (real ZooKeeper, HTTP calls from the node's worker thread, notifications) with
// real receivers on loopback, which a node refuses unless EPOCH_EGRESS_ALLOW opens it.
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { EgressSettings } from '../../src/egress/egress-policy.js';
import type { NotificationSettings } from '../../src/notifications/notification-settings.js';
import { receiversClosedAfterEach, type Receiver } from '../http/receiver.js';
import {
  containerTask,
  finishedRun,
  NEVER,
  postTopology,
  runNow,
  useRealNodes,
  type RealNode,
} from '../support/real-nodes.js';
import { call, waitUntil } from '../support/test-node.js';
import { zkSnapshot } from '../support/zk-snapshot.js';

const realNode = useRealNodes();
const DEFAULTS: EgressSettings = { allow: [], deny: [] };
const REFUSED = /^destination not allowed: localhost \((127\.0\.0\.1|::1)\) by the egress policy$/;

const receiverOn = receiversClosedAfterEach();

/** `localhost:<port>`: a host name that resolves to a refused address, judged only at connect time. */
const viaLocalhost = (receiver: Receiver, path: string) =>
  `http://localhost:${new URL(receiver.url).port}${path}`;

const httpTask = (url: string, extra: Record<string, unknown> = {}) => ({
  type: 'HTTP',
  taskName: 'call',
  url,
  body: { hello: 'world' },
  ...extra,
});

function notifications(): NotificationSettings {
  return {
    smtp: null,
    mailFrom: 'epoch@test.example',
    uiUrl: 'http://epoch-ui.example',
    defaults: { emails: [], webhook: null, onSuccess: true },
    retry: { attempts: 3, baseDelayMs: 50 },
  };
}

function recordingLogger() {
  const lines: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
  return { logger, lines };
}

async function expectRefusedCreation(node: RealNode, body: Record<string, unknown>, field: string) {
  const before = await zkSnapshot(node.zk, node.paths.root);
  const result = await call(node, 'POST', '/apis/v1/topologies', { json: body });
  expect(result.status, JSON.stringify(result.body)).toBe(400);
  expect(result.body.message).toContain(`${field}: this address is not allowed by the egress policy`);
  expect(await zkSnapshot(node.zk, node.paths.root)).toEqual(before);
}

describe('egress policy, HTTP tasks', () => {
  it('by default fails a call to a name resolving to loopback, once and without retry: the receiver sees nothing', async () => {
    const receiver = await receiverOn('127.0.0.1');
    const node = await realNode('egress-default', { egress: DEFAULTS });
    await postTopology(node, {
      name: 'to-localhost',
      task: httpTask(viaLocalhost(receiver, '/hook?token=secret'), {
        retries: { count: 3, delaySeconds: 0 },
      }),
      trigger: NEVER,
    });

    const run = await finishedRun(node, 'to-localhost', await runNow(node, 'to-localhost'));

    expect(run.state).toBe('FAILED');
    expect(run.tasks.call).toMatchObject({ state: 'FAILED', attempts: 1 });
    expect(run.tasks.call?.errorMessage).toMatch(REFUSED);
    expect(receiver.received).toHaveLength(0);
  });

  it('by default refuses to store a topology whose URL is a literal loopback, private or metadata address', async () => {
    const node = await realNode('egress-literal', { egress: DEFAULTS });
    await expectRefusedCreation(
      node,
      { name: 'a', task: httpTask('http://127.0.0.2:8080/x'), trigger: NEVER },
      'task.url',
    );
    await expectRefusedCreation(
      node,
      { name: 'b', task: httpTask('http://169.254.169.254/latest/meta-data/'), trigger: NEVER },
      'task.url',
    );
    await expectRefusedCreation(
      node,
      {
        name: 'c',
        task: {
          type: 'COMPOSITE',
          tasks: [httpTask('https://93.184.216.34/ok'), httpTask('http://[::1]/', { taskName: 'two' })],
        },
        trigger: NEVER,
      },
      'task.tasks.1.url',
    );
    await expectRefusedCreation(
      node,
      {
        name: 'syslog',
        task: {
          ...containerTask('logs', ['true']),
          logging: { type: 'RSYSLOG', server: 'udp://[::ffff:127.0.0.1]:514' },
        },
        trigger: NEVER,
      },
      'task.logging.server',
    );
    await expectRefusedCreation(
      node,
      {
        name: 'd',
        task: httpTask('https://93.184.216.34/ok'),
        trigger: NEVER,
        notify: { type: 'WEBHOOK', url: 'http://10.0.0.1/hook' },
      },
      'notify.url',
    );
  });

  it('calls what EPOCH_EGRESS_ALLOW opens, and only that: 127.0.0.2 yes, 127.0.0.1 no', async () => {
    const [one, two] = await Promise.all([receiverOn('127.0.0.1'), receiverOn('127.0.0.2')]);
    const node = await realNode('egress-allow', { egress: { allow: ['127.0.0.2'], deny: [] } });
    await postTopology(node, { name: 'to-two', task: httpTask(`${two.url}/in`), trigger: NEVER });
    await expectRefusedCreation(
      node,
      { name: 'to-one', task: httpTask(`${one.url}/out`), trigger: NEVER },
      'task.url',
    );

    const run = await finishedRun(node, 'to-two', await runNow(node, 'to-two'));

    expect(run.state).toBe('COMPLETED');
    expect(two.received.map((request) => request.path)).toEqual(['/in']);
    expect(one.received).toHaveLength(0);
  });

  it('judges a stored topology by the policy of the node that runs it: closed since, the run fails', async () => {
    const receiver = await receiverOn('127.0.0.2');
    const open = await realNode('egress-closed-since', { egress: { allow: ['127.0.0.0/8'], deny: [] } });
    await postTopology(open, { name: 'stored', task: httpTask(`${receiver.url}/x`), trigger: NEVER });
    await open.close();

    const closed = await realNode('egress-closed-since', { root: open.root, egress: DEFAULTS });
    const run = await finishedRun(closed, 'stored', await runNow(closed, 'stored'));

    expect(run.tasks.call?.errorMessage).toBe(
      'destination not allowed: 127.0.0.2 (127.0.0.2) by the egress policy',
    );
    expect(receiver.received).toHaveLength(0);
  });
});

describe('egress policy, webhook notifications', () => {
  it('refuses a webhook to a refused address, logs it by origin only and does not retry', async () => {
    const hook = await receiverOn('127.0.0.1');
    const { logger, lines } = recordingLogger();
    const node = await realNode('egress-webhook', {
      egress: DEFAULTS,
      notifications: notifications(),
      logger,
    });
    const secretPath = '/services/T000/B000/XXXXsecretXXXX';
    await postTopology(node, {
      name: 'hooked',
      task: httpTask(viaLocalhost(hook, '/task')),
      trigger: NEVER,
      notify: { type: 'WEBHOOK', url: viaLocalhost(hook, `${secretPath}?token=abc`), onSuccess: true },
    });
    await finishedRun(node, 'hooked', await runNow(node, 'hooked'));

    const refusals = () => lines.filter((line) => line.includes('notification refused'));
    await waitUntil(() => refusals().length > 0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(refusals()).toHaveLength(1);
    expect(JSON.parse(refusals()[0]!)).toMatchObject({
      channel: 'webhook',
      origin: `http://localhost:${new URL(hook.url).port}`,
      err: { message: expect.stringMatching(REFUSED) },
    });
    expect(hook.received).toHaveLength(0);
    expect(lines.filter((line) => line.includes('XXXXsecretXXXX') || line.includes('token=abc'))).toEqual([]);
  });

  it('delivers a webhook to an address EPOCH_EGRESS_ALLOW opens', async () => {
    const hook = await receiverOn('127.0.0.2');
    const node = await realNode('egress-webhook-open', {
      egress: { allow: ['127.0.0.2'], deny: [] },
      notifications: notifications(),
    });
    await postTopology(node, {
      name: 'hooked-open',
      task: httpTask(`${hook.url}/task`),
      trigger: NEVER,
      notify: { type: 'WEBHOOK', url: `${hook.url}/notify`, onSuccess: true },
    });
    await finishedRun(node, 'hooked-open', await runNow(node, 'hooked-open'));

    await waitUntil(() => hook.received.length >= 2);
    expect(hook.received.map((request) => request.path).sort()).toEqual(['/notify', '/task']);
  });
});
