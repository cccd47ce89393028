import { describe, expect, it } from 'vitest';
import { parseRunId, runIdFor, taskIdFor } from './run-id.js';

describe('run ids', () => {
  it('derive from the target fire time in UTC, Epoch style', () => {
    const fire = Date.parse('2024-09-16T10:00:00.007Z');
    expect(runIdFor('SCHEDULED', fire)).toBe('ESR-2024-09-16-10-00-00-007');
    expect(runIdFor('INSTANT', fire)).toBe('EIR-2024-09-16-10-00-00-007');
  });

  it('parse back to the fire time and run type', () => {
    const fire = Date.parse('2031-12-31T23:59:59.999Z');
    expect(parseRunId(runIdFor('SCHEDULED', fire))).toEqual({ runType: 'SCHEDULED', fireTime: fire });
    expect(parseRunId('XYZ-2031-12-31-23-59-59-999')).toBeNull();
  });

  it('make task ids from topology, run and task name', () => {
    expect(taskIdFor('T1', 'ESR-2024-09-16-10-00-00-000', 'docker-task')).toBe(
      'T1-ESR-2024-09-16-10-00-00-000-docker-task',
    );
  });
});
