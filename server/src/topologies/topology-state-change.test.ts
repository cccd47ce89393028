import type { TopologyDetails } from '@epoch/shared';
import { describe, expect, it } from 'vitest';
import { withState } from './topology-state-change.js';

const details = (extra: Partial<TopologyDetails>): TopologyDetails => ({
  id: 't',
  state: 'ACTIVE',
  created: 1,
  updated: 1,
  topology: {
    name: 't',
    task: { type: 'HTTP', taskName: 'call', method: 'POST', url: 'http://x.test/', headers: {} },
    trigger: { type: 'CRON', timeSpec: '0 * * * * ?', timeZone: 'UTC' },
    overlapPolicy: 'SKIP',
    misfirePolicy: 'RUN_ONCE',
    startingDeadlineSeconds: 300,
  },
  ...extra,
});

describe('withState', () => {
  it.each([
    {
      name: 'a pause records who and when, and drops the last resume',
      from: details({ state: 'ACTIVE', resumedAt: 5, resumedBy: 'bob' }),
      to: 'PAUSED' as const,
      expected: { state: 'PAUSED', pausedAt: 10, pausedBy: 'alice' },
    },
    {
      name: 'a resume records who and when, and drops the pause',
      from: details({ state: 'PAUSED', pausedAt: 5, pausedBy: 'bob' }),
      to: 'ACTIVE' as const,
      expected: { state: 'ACTIVE', resumedAt: 10, resumedBy: 'alice' },
    },
  ])('$name', ({ from, to, expected }) => {
    const changed = withState(from, to, 'alice', 10);
    expect(changed).toMatchObject(expected);
    const stamps = ['pausedAt', 'pausedBy', 'resumedAt', 'resumedBy'].filter((key) => key in changed);
    expect(stamps.sort()).toEqual(
      Object.keys(expected)
        .filter((key) => key !== 'state')
        .sort(),
    );
  });

  it('leaves a topology already in the state as it is, its stamps too', () => {
    const paused = details({ state: 'PAUSED', pausedAt: 5, pausedBy: 'bob' });
    expect(withState(paused, 'PAUSED', 'alice', 10)).toBe(paused);
  });
});
