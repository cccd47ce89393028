import { describe, expect, it } from 'vitest';
import {
  assertWithdrawable,
  hasBegun,
  IllegalTransitionError,
  isUnfinished,
  nextRunState,
  nextTaskState,
} from './state-machines.js';

describe('task state machine', () => {
  it.each([
    ['PENDING', 'launch', 'STARTING'],
    ['STARTING', 'started', 'RUNNING'],
    ['STARTING', 'launch', 'STARTING'],
    ['RUNNING', 'succeeded', 'COMPLETED'],
    ['RUNNING', 'failed', 'FAILED'],
    ['RUNNING', 'retry', 'PENDING'],
    ['RUNNING', 'cancelled', 'CANCELLED'],
    ['RUNNING', 'lost', 'UNKNOWN'],
    ['UNKNOWN', 'started', 'RUNNING'],
    ['RUNNING', 'started', 'RUNNING'],
    ['STARTING', 'failed', 'FAILED'],
    ['PENDING', 'cancelled', 'CANCELLED'],
  ] as const)('%s --%s--> %s', (from, event, to) => {
    expect(nextTaskState(from, event)).toBe(to);
  });

  it.each([
    ['COMPLETED', 'failed'],
    ['FAILED', 'retry'],
    ['CANCELLED', 'started'],
    ['PENDING', 'succeeded'],
  ] as const)('refuses %s --%s-->', (from, event) => {
    expect(() => nextTaskState(from, event)).toThrow(IllegalTransitionError);
  });
});

describe('run state machine', () => {
  it('ends a scheduled cron run SUCCESSFUL and instant or AT runs COMPLETED, as Epoch does', () => {
    expect(nextRunState('RUNNING', 'succeeded', { runType: 'SCHEDULED', triggerType: 'CRON' })).toBe(
      'SUCCESSFUL',
    );
    expect(nextRunState('RUNNING', 'succeeded', { runType: 'SCHEDULED', triggerType: 'AT' })).toBe(
      'COMPLETED',
    );
    expect(nextRunState('RUNNING', 'succeeded', { runType: 'INSTANT', triggerType: 'CRON' })).toBe(
      'COMPLETED',
    );
  });

  it('fails and cancels from RUNNING only', () => {
    const cron = { runType: 'SCHEDULED', triggerType: 'CRON' } as const;
    expect(nextRunState('RUNNING', 'failed', cron)).toBe('FAILED');
    expect(nextRunState('RUNNING', 'cancelled', cron)).toBe('CANCELLED');
    expect(() => nextRunState('SKIPPED', 'failed', cron)).toThrow(IllegalTransitionError);
    expect(() => nextRunState('SUCCESSFUL', 'cancelled', cron)).toThrow(IllegalTransitionError);
    expect(() => nextRunState('CLAIMED', 'failed', cron)).toThrow(IllegalTransitionError);
  });

  it('begins, skips or withdraws a claimed run, and nothing else does', () => {
    const cron = { runType: 'SCHEDULED', triggerType: 'CRON' } as const;
    expect(nextRunState('CLAIMED', 'begin', cron)).toBe('RUNNING');
    expect(nextRunState('CLAIMED', 'skipped', cron)).toBe('SKIPPED');
    expect(() => assertWithdrawable('CLAIMED')).not.toThrow();
    expect(() => nextRunState('RUNNING', 'skipped', cron)).toThrow(IllegalTransitionError);
    expect(() => nextRunState('RUNNING', 'begin', cron)).toThrow(IllegalTransitionError);
    expect(() => assertWithdrawable('RUNNING')).toThrow(IllegalTransitionError);
    expect(isUnfinished('CLAIMED') && isUnfinished('RUNNING') && !isUnfinished('SKIPPED')).toBe(true);
    expect(hasBegun({ state: 'CLAIMED' })).toBe(false);
    expect(hasBegun({ state: 'RUNNING' })).toBe(true);
  });
});
