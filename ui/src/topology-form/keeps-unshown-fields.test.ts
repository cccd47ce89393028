import { topologySchema, type NotificationSpec, type Topology, type TopologyInput } from '@epoch/shared';
import { describe, expect, it } from 'vitest';
import { fromTopology } from './from-topology.js';
import { toTopologyInput } from './to-topology-input.js';

const CRON = { type: 'CRON', timeSpec: '0 0 3 * * ?', timeZone: 'UTC' } as const;
const HTTP_TASK = { type: 'HTTP', taskName: 'h', url: 'https://example.com/' } as const;

const stored = (input: TopologyInput): Topology => topologySchema.parse(input);
/** What an edit that changes nothing sends back. */
const saveUnchanged = (topology: Topology) => toTopologyInput(fromTopology(topology, 'UTC'));

describe('the form keeps what it does not show', () => {
  it.each<NotificationSpec>([
    { type: 'WEBHOOK', url: 'https://hooks.example.com/x', format: 'SLACK', onSuccess: true },
    { type: 'WEBHOOK', url: 'https://hooks.example.com/x', format: 'JSON' },
    { type: 'BLACKHOLE' },
    { type: 'MAIL', emails: ['a@example.com'], onSuccess: false },
  ])('keeps a $type notify as loaded', (notify) => {
    const topology = stored({ name: 't', trigger: CRON, task: HTTP_TASK, notify });
    expect(saveUnchanged(topology).notify).toEqual(notify);
    expect(topologySchema.parse(saveUnchanged(topology))).toEqual(topology);
  });

  it('keeps the notify when an unrelated field changes', () => {
    const notify = { type: 'WEBHOOK', url: 'https://hooks.example.com/x', format: 'JSON', onSuccess: true };
    const state = fromTopology(
      stored({ name: 't', trigger: CRON, task: HTTP_TASK, notify } as TopologyInput),
    );
    const input = toTopologyInput({ ...state, timeSpec: '0 0 4 * * ?' });
    expect(input.trigger).toEqual({ ...CRON, timeSpec: '0 0 4 * * ?' });
    expect(input.notify).toEqual(notify);
  });

  it('edits a webhook in its fields, keeping its onSuccess', () => {
    const notify = {
      type: 'WEBHOOK',
      url: 'https://a.example.com/',
      format: 'JSON',
      onSuccess: true,
    } as const;
    const state = fromTopology(stored({ name: 't', trigger: CRON, task: HTTP_TASK, notify }));
    expect(state).toMatchObject({ notifyKind: 'WEBHOOK', webhookUrl: notify.url, webhookFormat: 'JSON' });
    const input = toTopologyInput({
      ...state,
      webhookUrl: ' https://b.example.com/ ',
      webhookFormat: 'SLACK',
    });
    expect(input.notify).toEqual({ ...notify, url: 'https://b.example.com/', format: 'SLACK' });
  });

  it("does not carry one notify type's fields into another", () => {
    const notify: NotificationSpec = { type: 'MAIL', emails: ['a@example.com'], onSuccess: false };
    const state = fromTopology(stored({ name: 't', trigger: CRON, task: HTTP_TASK, notify }));
    // As NotifyFields switches the type: onSuccess back to unset, as its default differs by type.
    const webhook = toTopologyInput({
      ...state,
      notifyKind: 'WEBHOOK',
      notifyOnSuccess: null,
      webhookUrl: 'https://h.example.com/',
    });
    expect(webhook.notify).toEqual({ type: 'WEBHOOK', url: 'https://h.example.com/', format: 'JSON' });
    expect(toTopologyInput({ ...state, notifyKind: 'NONE' })).not.toHaveProperty('notify');
  });

  it('sets onSuccess only when chosen, keeping it unset otherwise', () => {
    const notify: NotificationSpec = { type: 'WEBHOOK', url: 'https://h.example.com/', format: 'JSON' };
    const state = fromTopology(stored({ name: 't', trigger: CRON, task: HTTP_TASK, notify }));
    expect(state.notifyOnSuccess).toBeNull();
    expect(toTopologyInput(state).notify).not.toHaveProperty('onSuccess');
    expect(toTopologyInput({ ...state, notifyOnSuccess: true }).notify).toEqual({
      ...notify,
      onSuccess: true,
    });
  });

  it('keeps unknown fields at the top level, in the trigger, the notify and the task', () => {
    // As a newer server might send them: the form must not drop what it cannot show.
    const topology = {
      ...stored({
        name: 't',
        trigger: CRON,
        task: HTTP_TASK,
        notify: { type: 'WEBHOOK', url: 'https://h.example.com/', format: 'JSON' },
      }),
      labels: { team: 'data' },
    } as Topology;
    const loose = topology as unknown as Record<string, Record<string, unknown>>;
    loose.trigger = { ...loose.trigger, jitterSeconds: 5 };
    loose.notify = { ...loose.notify, secretToken: '<secret>' };
    loose.task = { ...loose.task, priority: 'HIGH' };
    expect(saveUnchanged(topology)).toMatchObject({
      labels: { team: 'data' },
      trigger: { jitterSeconds: 5 },
      notify: { secretToken: '<secret>' },
      task: { priority: 'HIGH' },
    });
  });

  it('keeps a composite, with its children and their secrets, unchanged', () => {
    const topology = stored({
      name: 'chain',
      trigger: CRON,
      task: {
        type: 'COMPOSITE',
        compositionType: 'ANY',
        tasks: [
          { ...HTTP_TASK, secretHeaders: { Authorization: '<secret>' } },
          {
            type: 'CONTAINER_EXECUTION',
            taskName: 'c',
            executable: { url: 'app:1' },
            resources: [{ type: 'CPU', count: 1 }],
            args: ['--x'],
            secretEnv: { DB_PASS: '<secret>' },
          },
        ],
      },
      notify: { type: 'BLACKHOLE' },
    });
    expect(topologySchema.parse(saveUnchanged(topology))).toEqual(topology);
  });
});
