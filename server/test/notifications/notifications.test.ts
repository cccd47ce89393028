// Notifications end to end: a real node (ZooKeeper, Docker) mailing a real SMTP server and calling a real
// HTTP receiver when runs finish.
import type { RunInfo } from '@epoch/shared';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { NotificationSettings } from '../../src/notifications/notification-settings.js';
import { closedPort, startReceiver, type Receiver } from '../http/receiver.js';
import {
  containerTask,
  finishedRun,
  NEVER,
  postTopology,
  runNow,
  useRealNodes,
} from '../support/real-nodes.js';
import { waitUntil } from '../support/test-node.js';
import { startSmtpSink, type SmtpSink } from './smtp-sink.js';

const realNode = useRealNodes();
const UI_URL = 'http://epoch-ui.example';
const failing = containerTask('main', ['sh', '-c', 'echo failing; exit 3']);
const succeeding = containerTask('main', ['true']);

let sink: SmtpSink | undefined;
let receiver: Receiver | undefined;
afterEach(async () => {
  await sink?.close();
  await receiver?.close();
  sink = receiver = undefined;
});

function settings(overrides: Partial<NotificationSettings> = {}): NotificationSettings {
  return {
    smtp: null,
    mailFrom: 'epoch@test.example',
    uiUrl: UI_URL,
    defaults: { emails: [], webhook: null, onSuccess: false },
    retry: { attempts: 3, baseDelayMs: 100 },
    ...overrides,
  };
}

/** A logger keeping every line, to see what the node reports. */
function recordingLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { logger, lines };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const link = (run: RunInfo) => `${UI_URL}/topologies/${run.topologyId}/runs/${run.runId}`;

describe('notifications from a real node', () => {
  it('mails a failed run to the topology, and to the configured recipients when it names none', async () => {
    sink = await startSmtpSink();
    const node = await realNode('mail-failed', {
      notifications: settings({
        smtp: { host: '127.0.0.1', port: sink.port, secure: false },
        defaults: { emails: ['ops@example.com'], webhook: null, onSuccess: false },
      }),
    });
    await postTopology(node, {
      name: 'mail-fails',
      task: failing,
      trigger: NEVER,
      notify: { type: 'MAIL', emails: ['team@example.com'] },
    });
    await postTopology(node, { name: 'default-fails', task: failing, trigger: NEVER });
    const [run, defaultRun] = await Promise.all(
      ['mail-fails', 'default-fails'].map(async (name) => finishedRun(node, name, await runNow(node, name))),
    );
    expect(run!.state).toBe('FAILED');

    await waitUntil(() => sink!.mails.length >= 2);
    await pause(500);
    expect(sink.mails).toHaveLength(2);
    const mail = sink.mails.find((received) => received.to.includes('team@example.com'))!;
    expect(mail.to).toEqual(['team@example.com']);
    expect(mail.from).toBe('epoch@test.example');
    expect(mail.subject).toBe(`Topology run mail-fails/${run!.runId} failed`);
    expect(mail.text).toMatch(/^Task main with upstream ID \S+ failed with error: exited with code 3\n/);
    expect(mail.text).toContain('Topology: mail-fails\n');
    expect(mail.text).toContain(`Run: ${run!.runId} (INSTANT)\n`);
    expect(mail.text).toContain('State: FAILED\n');
    expect(mail.text).toContain(`View the run: ${link(run!)}\n`);

    const fallback = sink.mails.find((received) => received.to.includes('ops@example.com'))!;
    expect(fallback.subject).toBe(`Topology run default-fails/${defaultRun!.runId} failed`);
  });

  it('mails successes as Epoch does unless the topology turns them off', async () => {
    sink = await startSmtpSink();
    const node = await realNode('mail-success', {
      notifications: settings({ smtp: { host: '127.0.0.1', port: sink.port, secure: false } }),
    });
    const mailTo = (email: string, extra: Record<string, unknown> = {}) => ({
      type: 'MAIL',
      emails: [email],
      ...extra,
    });
    await postTopology(node, {
      name: 'ok-mailed',
      task: succeeding,
      trigger: NEVER,
      notify: mailTo('a@example.com'),
    });
    await postTopology(node, {
      name: 'ok-quiet',
      task: succeeding,
      trigger: NEVER,
      notify: mailTo('b@example.com', { onSuccess: false }),
    });
    const [run, quiet] = await Promise.all(
      ['ok-mailed', 'ok-quiet'].map(async (name) => finishedRun(node, name, await runNow(node, name))),
    );
    expect([run!.state, quiet!.state]).toEqual(['COMPLETED', 'COMPLETED']);

    await waitUntil(() => sink!.mails.length >= 1);
    await pause(500);
    expect(sink.mails).toHaveLength(1);
    expect(sink.mails[0]).toMatchObject({
      to: ['a@example.com'],
      subject: `Topology run ok-mailed/${run!.runId} completed successfully`,
    });
    expect(sink.mails[0]!.text).toMatch(/^Tasks completed: \[main\] in \d+ ms\n/);
  });

  it('posts JSON and Slack webhooks, retrying a receiver that fails first', async () => {
    let answered = 0;
    receiver = await startReceiver((_request, response) => {
      response.statusCode = answered++ === 0 ? 503 : 200;
      response.end();
    });
    const { logger, lines } = recordingLogger();
    const node = await realNode('webhooks', { notifications: settings(), logger });
    await postTopology(node, {
      name: 'hook-json',
      task: failing,
      trigger: NEVER,
      notify: { type: 'WEBHOOK', url: `${receiver.url}/json` },
    });
    const jsonRun = await finishedRun(node, 'hook-json', await runNow(node, 'hook-json'));
    await waitUntil(() => receiver!.received.length >= 2);
    await postTopology(node, {
      name: 'hook-slack',
      task: failing,
      trigger: NEVER,
      notify: { type: 'WEBHOOK', url: `${receiver.url}/slack`, format: 'SLACK' },
    });
    const slackRun = await finishedRun(node, 'hook-slack', await runNow(node, 'hook-slack'));
    await waitUntil(() => receiver!.received.length >= 3);
    await pause(300);

    const [first, retried, slack] = receiver.received;
    expect(receiver.received).toHaveLength(3);
    expect(retried!.rawBody.equals(first!.rawBody)).toBe(true);
    expect(first!.headers['content-type']).toBe('application/json');
    expect(JSON.parse(first!.rawBody.toString())).toMatchObject({
      event: 'RUN_FAILED',
      topologyId: 'hook-json',
      runId: jsonRun.runId,
      state: 'FAILED',
      summary: `Topology run hook-json/${jsonRun.runId} failed`,
      detail: expect.stringContaining('exited with code 3'),
      url: link(jsonRun),
      run: { runId: jsonRun.runId, tasks: { main: { state: 'FAILED', exitCode: 3 } } },
    });
    expect(slack!.path).toBe('/slack');
    const message = JSON.parse(slack!.rawBody.toString()) as { text: string; blocks: unknown[] };
    expect(message.text).toContain(`Topology run hook-slack/${slackRun.runId} failed`);
    expect(message.text).toContain(link(slackRun));
    expect(message.blocks).toHaveLength(1);
    expect(lines).toContainEqual(
      expect.objectContaining({
        msg: 'notification failed; retrying',
        channel: 'webhook',
        attempt: 1,
        origin: receiver.url,
        err: expect.objectContaining({ message: `${receiver.url} answered HTTP 503` }),
      }),
    );
    // Webhook URLs carry their secret in the path (Slack's do): the logs name the origin only.
    expect(lines.filter((line) => /\/(json|slack)\b/.test(JSON.stringify(line)))).toEqual([]);
  });

  it('ends the run FAILED at once when SMTP is down, and logs each failed try', async () => {
    const { logger, lines } = recordingLogger();
    const node = await realNode('smtp-down', {
      notifications: settings({ smtp: { host: '127.0.0.1', port: await closedPort(), secure: false } }),
      logger,
    });
    await postTopology(node, {
      name: 'no-smtp',
      task: failing,
      trigger: NEVER,
      notify: { type: 'MAIL', emails: ['team@example.com'] },
    });
    const run = await finishedRun(node, 'no-smtp', await runNow(node, 'no-smtp'));
    expect(run.state).toBe('FAILED');
    // The run's own time: launch, a short container, the records; no notification in it.
    expect(run.updated - run.created).toBeLessThan(10_000);

    const failures = () => lines.filter((line) => String(line.msg).startsWith('notification failed'));
    await waitUntil(() => failures().length >= 3);
    expect(failures().map((line) => [line.msg, line.attempt, line.runId])).toEqual([
      ['notification failed; retrying', 1, run.runId],
      ['notification failed; retrying', 2, run.runId],
      ['notification failed; giving up', 3, run.runId],
    ]);
    expect(failures()[0]).toMatchObject({
      level: 40,
      channel: 'mail',
      err: { message: expect.stringContaining('ECONNREFUSED') },
    });
  });
});
