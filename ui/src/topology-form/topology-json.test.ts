import { topologySchema } from '@epoch/shared';
import { describe, expect, it } from 'vitest';
import { fromTopology } from './from-topology.js';
import { toTopologyInput } from './to-topology-input.js';
import { topologyToJson, validateTopologyJson, withUnknownFields } from './topology-json.js';

const COMPOSITE = {
  name: 'chain',
  trigger: { type: 'CRON', timeSpec: '0 0 3 * * ?' },
  task: {
    type: 'COMPOSITE',
    tasks: [
      { type: 'HTTP', taskName: 'a', url: 'https://a.example.com/' },
      {
        type: 'CONTAINER_EXECUTION',
        taskName: 'b',
        executable: { url: 'app:1' },
        resources: [{ type: 'CPU', count: 1 }],
        args: ['one'],
      },
    ],
  },
};

describe('validateTopologyJson', () => {
  it('accepts a valid topology: the text as written to send, and it parsed with defaults', () => {
    const result = validateTopologyJson(JSON.stringify({ ...COMPOSITE, extra: 1 }));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.input).toEqual({ ...COMPOSITE, extra: 1 });
    expect(result.topology).toEqual(topologySchema.parse(COMPOSITE));
  });

  it('names each issue by its path, as the server does', () => {
    const bad = structuredClone(COMPOSITE);
    (bad.task.tasks[0] as { url: string }).url = 'ftp://nope';
    bad.trigger.timeSpec = '0 61 * * * ?';
    const result = validateTopologyJson(JSON.stringify(bad));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((issue) => issue.field).sort()).toEqual([
      'task.tasks.0.url',
      'trigger.timeSpec',
    ]);
  });

  it('tells a wrong type from a missing field', () => {
    const { trigger: _trigger, ...noTrigger } = COMPOSITE;
    const result = validateTopologyJson(JSON.stringify({ ...noTrigger, overlapPolicy: 3 }));
    expect(!result.ok && result.issues).toEqual([
      { field: 'trigger', message: 'Required' },
      { field: 'overlapPolicy', message: expect.not.stringMatching(/^Required$/) as unknown as string },
    ]);
  });

  it('reports text that is not JSON, or not an object, without a path', () => {
    const broken = validateTopologyJson('{"name": ');
    expect(!broken.ok && broken.issues).toEqual([
      { field: '', message: expect.stringMatching(/^Not valid JSON/) as unknown as string },
    ]);
    expect(validateTopologyJson('[]')).toEqual({
      ok: false,
      issues: [{ field: '', message: 'must be a JSON object' }],
    });
  });

  it('refuses a new name for an edited topology: the name is its id', () => {
    const result = validateTopologyJson(JSON.stringify({ ...COMPOSITE, name: 'other' }), 'chain');
    expect(!result.ok && result.issues.map((issue) => issue.field)).toEqual(['name']);
    expect(validateTopologyJson(JSON.stringify(COMPOSITE), 'chain').ok).toBe(true);
  });
});

describe('withUnknownFields', () => {
  it('puts back at every depth what the schema stripped, keeping its defaults and conversions', () => {
    const raw = {
      ...COMPOSITE,
      top: 1,
      trigger: { type: 'AT', time: '2031-01-01T00:00:00Z', extra: true },
      task: {
        ...COMPOSITE.task,
        tasks: [{ ...COMPOSITE.task.tasks[0], mine: 'x' }, COMPOSITE.task.tasks[1]],
      },
    };
    const parsed = topologySchema.parse(raw);
    const merged = withUnknownFields(raw, parsed) as unknown as Record<string, unknown>;
    expect(merged).toMatchObject({
      top: 1,
      trigger: { type: 'AT', time: Date.UTC(2031, 0, 1), extra: true },
      task: { compositionType: 'ALL', tasks: [{ mine: 'x', method: 'POST', headers: {} }, { env: {} }] },
    });
  });
});

describe('the JSON tab and the form', () => {
  it('carries a composite edited as JSON to the form and back to the same topology', () => {
    const edited = structuredClone(COMPOSITE);
    edited.task.tasks[1]!.args = ['two'];
    const result = validateTopologyJson(JSON.stringify({ ...edited, extra: 1 }));
    if (!result.ok) throw new Error('expected a valid topology');
    const state = fromTopology(withUnknownFields(result.input, result.topology), 'UTC');
    const back = toTopologyInput(state);
    expect(back).toMatchObject({ extra: 1 });
    expect(topologySchema.parse(back)).toEqual(topologySchema.parse(edited));
    // And the JSON tab shows it again as it will be sent.
    expect(JSON.parse(topologyToJson(back))).toEqual(back);
  });
});
