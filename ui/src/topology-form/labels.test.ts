import { topologySchema, type TopologyInput } from '@epoch/shared';
import { describe, expect, it } from 'vitest';
import { emptyKeyValueRow } from './form-state.js';
import { fromTopology } from './from-topology.js';
import { toTopologyInput } from './to-topology-input.js';
import { validateForm } from './validate-form.js';

const BASE: TopologyInput = {
  name: 't',
  trigger: { type: 'CRON', timeSpec: '0 0 3 * * ?', timeZone: 'UTC' },
  task: { type: 'HTTP', taskName: 'h', url: 'https://example.com/' },
};

describe('labels and owner in the form', () => {
  it('load into their fields and save back unchanged', () => {
    const topology = topologySchema.parse({ ...BASE, labels: { team: 'payments', tier: '' }, owner: 'ann' });
    const state = fromTopology(topology, 'UTC');
    expect(state.labels.map(({ key, value }) => [key, value])).toEqual([
      ['team', 'payments'],
      ['tier', ''],
    ]);
    expect(state.owner).toBe('ann');
    expect(state.preserved).not.toHaveProperty('labels');
    const input = toTopologyInput(state);
    expect(input).toMatchObject({ labels: { team: 'payments', tier: '' }, owner: 'ann' });
  });

  it('send none when left blank, as an Epoch topology has none', () => {
    const input = toTopologyInput(fromTopology(topologySchema.parse(BASE), 'UTC'));
    expect(input).not.toHaveProperty('labels');
    expect(input).not.toHaveProperty('owner');
  });

  it("show a bad label on its key's row, and a repeated key", () => {
    const state = fromTopology(topologySchema.parse(BASE), 'UTC');
    const rows = [
      { ...emptyKeyValueRow(), key: 'team', value: 'payments' },
      { ...emptyKeyValueRow(), key: 'bad key', value: 'x' },
      { ...emptyKeyValueRow(), key: 'team', value: 'ops' },
    ];
    const errors = validateForm({ ...state, labels: rows });
    expect(errors['labels.1.key']).toMatch(/key name "bad key"/);
    expect(errors['labels.2.key']).toBe('duplicate key "team"');
  });
});
