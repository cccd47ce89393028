import { REDACTED_PLACEHOLDER, type RunInfo } from '@epoch/shared';
import { describe, expect, it } from 'vitest';
import { runView } from './run-view.js';

const run: RunInfo = {
  topologyId: 't',
  runId: 'EIR-2030-01-01-00-00-00-000',
  state: 'RUNNING',
  runType: 'INSTANT',
  created: 0,
  updated: 0,
  tasks: {},
  overrides: { env: { X: '42', API_TOKEN: 'abc' }, args: ['--token', 'abc'] },
};

describe('runView', () => {
  it('shows overrides as given to READ_WRITE callers', () => {
    expect(runView(run, 'READ_WRITE')).toBe(run);
  });

  it('redacts credential-looking override env values for READ_ONLY callers, as in a topology', () => {
    expect(runView(run, 'READ_ONLY').overrides).toEqual({
      env: { X: '42', API_TOKEN: REDACTED_PLACEHOLDER },
      args: ['--token', 'abc'],
    });
    expect(run.overrides?.env?.API_TOKEN).toBe('abc');
  });
});
