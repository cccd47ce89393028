import { describe, expect, it } from 'vitest';
import { taskOutcome } from '../../src/runners/container/runtime/task-outcome.js';

const exited = { kind: 'exited', oomKilled: false, cancelled: false } as const;

describe('taskOutcome', () => {
  it('exit 0 is COMPLETED', () => {
    expect(taskOutcome({ ...exited, exitCode: 0 })).toEqual({ state: 'COMPLETED' });
  });

  it('a non-zero exit is FAILED with the code, and the engine error when there is one', () => {
    expect(taskOutcome({ ...exited, exitCode: 3 })).toEqual({
      state: 'FAILED',
      errorMessage: 'exited with code 3',
    });
    expect(taskOutcome({ ...exited, exitCode: 127, error: 'exec: "x": not found' })).toEqual({
      state: 'FAILED',
      errorMessage: 'exited with code 127: exec: "x": not found',
    });
  });

  it("a task that ended without a process's exit is FAILED with the engine's reason alone", () => {
    expect(taskOutcome({ ...exited, exitCode: -1, error: 'not placed on any node within 5 s' })).toEqual({
      state: 'FAILED',
      errorMessage: 'not placed on any node within 5 s',
    });
    expect(taskOutcome({ ...exited, exitCode: -1 })).toEqual({
      state: 'FAILED',
      errorMessage: 'exited with code -1',
    });
  });

  it('an OOM kill is FAILED with the limit, whatever the exit code', () => {
    expect(taskOutcome({ ...exited, exitCode: 137, oomKilled: true, memoryLimitMb: 16 })).toEqual({
      state: 'FAILED',
      errorMessage: 'killed: out of memory (limit 16 MB)',
    });
    expect(taskOutcome({ ...exited, exitCode: 0, oomKilled: true })).toEqual({
      state: 'FAILED',
      errorMessage: 'killed: out of memory',
    });
  });

  it('a container Epoch killed is CANCELLED, even when the kill made it look OOM-killed or failed', () => {
    expect(taskOutcome({ ...exited, exitCode: 137, cancelled: true })).toEqual({ state: 'CANCELLED' });
    expect(taskOutcome({ ...exited, exitCode: 137, oomKilled: true, cancelled: true })).toEqual({
      state: 'CANCELLED',
    });
  });

  it('a pull failure, a start failure and a vanished container are FAILED with what happened', () => {
    expect(taskOutcome({ kind: 'pull-failed', image: 'team/app:1', reason: 'no such host' })).toEqual({
      state: 'FAILED',
      errorMessage: 'image team/app:1 could not be pulled: no such host',
    });
    expect(taskOutcome({ kind: 'start-failed', containerName: 'epoch-a', reason: 'exec failed' })).toEqual({
      state: 'FAILED',
      errorMessage: 'container epoch-a could not be started: exec failed',
    });
    expect(taskOutcome({ kind: 'vanished', containerName: 'epoch-a' })).toEqual({
      state: 'FAILED',
      errorMessage: 'container epoch-a disappeared',
    });
  });
});
