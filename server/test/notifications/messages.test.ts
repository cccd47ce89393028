import type { RunInfo } from '@epoch/shared';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { DeliveryQueue } from '../../src/notifications/delivery-queue.js';
import { mailMessage } from '../../src/notifications/mail-message.js';
import type { NotificationDefaults } from '../../src/notifications/notification-settings.js';
import { notificationTargets } from '../../src/notifications/notification-targets.js';
import { RecentKeys } from '../../src/notifications/recent-keys.js';
import { runOutcome, summarizeRun } from '../../src/notifications/run-summary.js';
import { webhookPayload } from '../../src/notifications/webhook-payload.js';
import { ManualClock } from '../support/manual-clock.js';

const created = Date.parse('2030-01-15T10:00:00Z');
const failedRun: RunInfo = {
  topologyId: 'nightly',
  runId: 'ESR-2030-01-15-10-00-00-000',
  state: 'FAILED',
  runType: 'SCHEDULED',
  created,
  updated: created + 4_200,
  tasks: {
    extract: { taskId: 't1', state: 'COMPLETED', upstreamId: 'c1' },
    load: {
      taskId: 't2',
      state: 'FAILED',
      upstreamId: 'c2',
      errorMessage: 'exited with code 3 <oops> & more',
    },
  },
};
const succeededRun: RunInfo = {
  ...failedRun,
  state: 'SUCCESSFUL',
  tasks: { extract: { taskId: 't1', state: 'COMPLETED' }, load: { taskId: 't2', state: 'COMPLETED' } },
};
const UI = 'https://epoch.example';
const LINK = `${UI}/topologies/nightly/runs/ESR-2030-01-15-10-00-00-000`;

describe('run summaries', () => {
  it('notifies failures and successes only', () => {
    expect(runOutcome(failedRun)).toBe('FAILED');
    expect(runOutcome(succeededRun)).toBe('SUCCEEDED');
    expect(runOutcome({ ...succeededRun, state: 'COMPLETED' })).toBe('SUCCEEDED');
    for (const state of ['RUNNING', 'SKIPPED', 'CANCELLED'] as const) {
      expect(runOutcome({ ...failedRun, state })).toBeNull();
    }
  });

  it('says why a run without a failed task failed', () => {
    const run: RunInfo = { ...failedRun, message: 'image not found', tasks: {} };
    expect(summarizeRun(run, 'FAILED', UI).detail).toBe('Run failed: image not found');
    expect(summarizeRun({ ...run, message: undefined }, 'FAILED', UI).detail).toBe(
      'All tasks seem to have succeeded.',
    );
  });
});

describe('mailMessage', () => {
  it("builds Epoch's failure mail with the run's facts and link", () => {
    expect(mailMessage(summarizeRun(failedRun, 'FAILED', UI))).toEqual({
      subject: 'Topology run nightly/ESR-2030-01-15-10-00-00-000 failed',
      text: [
        'Task load with upstream ID c2 failed with error: exited with code 3 <oops> & more',
        '',
        'Topology: nightly',
        'Run: ESR-2030-01-15-10-00-00-000 (SCHEDULED)',
        'State: FAILED',
        'Started: 2030-01-15T10:00:00.000Z',
        'Finished: 2030-01-15T10:00:04.200Z',
        '',
        `View the run: ${LINK}`,
        '',
      ].join('\n'),
    });
  });

  it("builds Epoch's success mail", () => {
    const mail = mailMessage(summarizeRun(succeededRun, 'SUCCEEDED', UI));
    expect(mail.subject).toBe('Topology run nightly/ESR-2030-01-15-10-00-00-000 completed successfully');
    expect(mail.text.split('\n')[0]).toBe('Tasks completed: [extract, load] in 4200 ms');
  });
});

describe('webhookPayload', () => {
  it('sends the run event as JSON', () => {
    expect(webhookPayload(summarizeRun(failedRun, 'FAILED', UI), 'JSON')).toEqual({
      event: 'RUN_FAILED',
      topologyId: 'nightly',
      runId: 'ESR-2030-01-15-10-00-00-000',
      state: 'FAILED',
      summary: 'Topology run nightly/ESR-2030-01-15-10-00-00-000 failed',
      detail: 'Task load with upstream ID c2 failed with error: exited with code 3 <oops> & more',
      url: LINK,
      run: failedRun,
    });
  });

  it('sends Slack text and a block with Slack markup escaped', () => {
    expect(webhookPayload(summarizeRun(succeededRun, 'SUCCEEDED', UI), 'SLACK')).toMatchObject({
      text: `Topology run nightly/ESR-2030-01-15-10-00-00-000 completed successfully: Tasks completed: [extract, load] in 4200 ms ${LINK}`,
    });
    const slack = webhookPayload(summarizeRun(failedRun, 'FAILED', UI), 'SLACK');
    expect(slack).toMatchObject({
      blocks: [
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text:
              ':x: *Topology run nightly/ESR-2030-01-15-10-00-00-000 failed*\n' +
              'Task load with upstream ID c2 failed with error: exited with code 3 &lt;oops&gt; &amp; more\n' +
              `<${LINK}|View the run>`,
          },
        },
      ],
    });
  });
});

describe('notificationTargets', () => {
  const defaults: NotificationDefaults = {
    emails: ['ops@example.com'],
    webhook: { url: 'https://hooks.example/x', format: 'SLACK' },
    onSuccess: false,
  };
  const mail = { type: 'MAIL' as const, emails: ['team@example.com'] };
  const hook = { type: 'WEBHOOK' as const, url: 'https://hooks.example/t', format: 'JSON' as const };

  it("uses the topology's notify, MAIL mailing successes by default as Epoch does", () => {
    expect(notificationTargets(mail, defaults, 'FAILED')).toEqual([
      { channel: 'mail', to: ['team@example.com'] },
    ]);
    expect(notificationTargets(mail, defaults, 'SUCCEEDED')).toHaveLength(1);
    expect(notificationTargets({ ...mail, onSuccess: false }, defaults, 'SUCCEEDED')).toEqual([]);
    expect(notificationTargets(hook, defaults, 'FAILED')).toEqual([
      { channel: 'webhook', url: 'https://hooks.example/t', format: 'JSON' },
    ]);
    expect(notificationTargets(hook, defaults, 'SUCCEEDED')).toEqual([]);
    expect(notificationTargets({ ...hook, onSuccess: true }, defaults, 'SUCCEEDED')).toHaveLength(1);
    expect(notificationTargets({ type: 'BLACKHOLE' }, defaults, 'FAILED')).toEqual([]);
  });

  it('falls back to the configured defaults', () => {
    expect(notificationTargets(null, defaults, 'FAILED')).toEqual([
      { channel: 'mail', to: ['ops@example.com'] },
      { channel: 'webhook', url: 'https://hooks.example/x', format: 'SLACK' },
    ]);
    expect(notificationTargets(undefined, defaults, 'SUCCEEDED')).toEqual([]);
    expect(notificationTargets(undefined, { ...defaults, onSuccess: true }, 'SUCCEEDED')).toHaveLength(2);
    expect(notificationTargets(null, { emails: [], webhook: null, onSuccess: true }, 'FAILED')).toEqual([]);
  });
});

describe('DeliveryQueue', () => {
  const logger = pino({ level: 'silent' });
  const flush = () => new Promise((resolve) => setImmediate(resolve));

  it('retries with exponential backoff, then gives up', async () => {
    const clock = new ManualClock(0);
    const queue = new DeliveryQueue({ attempts: 3, baseDelayMs: 1_000 }, clock, logger);
    const sentAt: number[] = [];
    queue.enqueue({
      context: {},
      send: async () => {
        sentAt.push(clock.now());
        throw new Error('down');
      },
    });
    for (let i = 0; i < 5; i++) {
      await flush();
      clock.advance(1_000);
    }
    expect(sentAt).toEqual([0, 1_000, 3_000]);
    expect(clock.pendingTimers).toBe(0);
  });

  it('stop() cancels pending retries and aborts sends in flight', async () => {
    const clock = new ManualClock(0);
    const queue = new DeliveryQueue({ attempts: 3, baseDelayMs: 1_000 }, clock, logger);
    queue.enqueue({ context: {}, send: () => Promise.reject(new Error('down')) });
    let signal: AbortSignal | undefined;
    queue.enqueue({ context: {}, send: (given) => new Promise(() => (signal = given)) });
    await flush();
    expect(clock.pendingTimers).toBe(1);
    queue.stop();
    expect(clock.pendingTimers).toBe(0);
    expect(signal?.aborted).toBe(true);
  });
});

describe('RecentKeys', () => {
  it('remembers the last keys only', () => {
    const keys = new RecentKeys(2);
    expect([keys.add('a'), keys.add('a'), keys.add('b'), keys.add('c'), keys.add('a')]).toEqual([
      true,
      false,
      true,
      true,
      true,
    ]);
  });

  it('keeps forgetting the oldest key as it goes round', () => {
    const keys = new RecentKeys(3);
    for (let i = 0; i < 10; i++) expect(keys.add(`k${i}`)).toBe(true);
    expect([keys.add('k9'), keys.add('k8'), keys.add('k7')]).toEqual([false, false, false]);
    expect(keys.add('k6')).toBe(true);
    expect([keys.add('k8'), keys.add('k9'), keys.add('k6'), keys.add('k7')]).toEqual([
      false,
      false,
      false,
      true,
    ]);
  });
});
