import { describe, expect, it } from 'vitest';
import {
  CLUSTER_NAME,
  containerNameFor,
  taskIdFor,
} from '../../src/runners/container/runtime/container-name.js';

const DOCKER_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
const ids = { topologyId: 'nightly-report', runId: 'ESR-2030-01-15-10-00-00-000', taskName: 'export' };

describe('container names', () => {
  it("Epoch's task id is <topologyId>-<runId>-<taskName>", () => {
    expect(taskIdFor(ids)).toBe('nightly-report-ESR-2030-01-15-10-00-00-000-export');
  });

  it('are epoch-<cluster>.<taskId>, the same every time', () => {
    expect(containerNameFor(ids, 'prod')).toBe(
      'epoch-prod.nightly-report-ESR-2030-01-15-10-00-00-000-export',
    );
    expect(containerNameFor({ ...ids }, 'prod')).toBe(containerNameFor(ids, 'prod'));
  });

  it('differ between clusters, between runs and between tasks', () => {
    const names = new Set([
      containerNameFor(ids, 'prod'),
      containerNameFor(ids, 'staging'),
      containerNameFor({ ...ids, runId: 'EIR-2030-01-15-10-00-00-000' }, 'prod'),
      containerNameFor({ ...ids, taskName: 'import' }, 'prod'),
    ]);
    expect(names.size).toBe(4);
  });

  it('keep clusters and task ids apart even where a plain join would not', () => {
    const a = containerNameFor({ ...ids, topologyId: 'b-report' }, 'a');
    const b = containerNameFor({ ...ids, topologyId: 'report' }, 'a-b');
    expect(a).not.toBe(b);
  });

  it('sanitise characters Docker refuses, and a hash keeps the sanitised names apart', () => {
    const spaced = containerNameFor({ ...ids, topologyId: 'nightly report' }, 'prod');
    const slashed = containerNameFor({ ...ids, topologyId: 'nightly/report' }, 'prod');
    const underscored = containerNameFor({ ...ids, topologyId: 'nightly_report' }, 'prod');
    for (const name of [spaced, slashed]) {
      expect(name).toMatch(DOCKER_NAME);
      expect(name).toMatch(/^epoch-prod\.nightly_report-ESR-.*-export-[0-9a-f]{12}$/);
    }
    expect(new Set([spaced, slashed, underscored]).size).toBe(3);
  });

  it('shorten very long task ids to at most 200 characters, still distinct', () => {
    const long = (suffix: string) =>
      containerNameFor({ ...ids, taskName: `${'t'.repeat(300)}${suffix}` }, 'prod');
    expect(long('a')).toMatch(DOCKER_NAME);
    expect(long('a')).toHaveLength(200);
    expect(long('a')).not.toBe(long('b'));
  });

  it('cluster names are short words without dots', () => {
    expect(CLUSTER_NAME.test('prod-eu_1')).toBe(true);
    for (const bad of ['', 'a.b', 'a b', 'x'.repeat(65)]) expect(CLUSTER_NAME.test(bad)).toBe(false);
  });
});
