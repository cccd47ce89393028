import type { TopologyDetails } from '@epoch/shared';
import { describe, expect, it } from 'vitest';
import { decideLaunch } from './launch-decision.js';

const topology = (
  state: 'ACTIVE' | 'PAUSED',
  overlapPolicy: 'SKIP' | 'ALLOW' | 'REPLACE',
): TopologyDetails => ({
  id: 't',
  state,
  created: 0,
  updated: 0,
  topology: {
    name: 't',
    task: { type: 'HTTP', taskName: 'call', method: 'POST', url: 'http://x.test/', headers: {} },
    trigger: { type: 'CRON', timeSpec: '0 * * * * ?', timeZone: 'UTC' },
    overlapPolicy,
    misfirePolicy: 'RUN_ONCE',
    startingDeadlineSeconds: 300,
  },
});

describe('decideLaunch', () => {
  it.each([
    {
      name: 'paused is nothing, not even a skip',
      state: 'PAUSED',
      policy: 'ALLOW',
      active: [],
      expected: { kind: 'nothing' },
    },
    {
      name: 'paused is nothing while a run is going too',
      state: 'PAUSED',
      policy: 'SKIP',
      active: ['ESR-1'],
      expected: { kind: 'nothing' },
    },
    {
      name: 'nothing running launches',
      state: 'ACTIVE',
      policy: 'SKIP',
      active: [],
      expected: { kind: 'launch', replace: [] },
    },
    {
      name: 'SKIP skips while a run is going, naming it',
      state: 'ACTIVE',
      policy: 'SKIP',
      active: ['ESR-1'],
      expected: {
        kind: 'skip',
        cause: 'overlap',
        reason: 'previous run ESR-1 still running (overlap policy SKIP)',
      },
    },
    {
      name: 'ALLOW launches alongside',
      state: 'ACTIVE',
      policy: 'ALLOW',
      active: ['ESR-1'],
      expected: { kind: 'launch', replace: [] },
    },
    {
      name: 'REPLACE launches and replaces',
      state: 'ACTIVE',
      policy: 'REPLACE',
      active: ['ESR-1', 'EIR-2'],
      expected: { kind: 'launch', replace: ['ESR-1', 'EIR-2'] },
    },
  ] as const)('$name', ({ state, policy, active, expected }) => {
    expect(decideLaunch(topology(state, policy), [...active])).toEqual(expected);
  });
});
