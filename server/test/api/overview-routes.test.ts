// The on-call overview against a real node with real containers: a failed run, a running one, a paused topology,
// a skipped fire and the fires of the next 24 h, each in its place.
import type { Overview } from '@epoch/shared';
import { describe, expect, it } from 'vitest';
import { call, waitUntil } from '../support/test-node.js';
import {
  containerTask,
  createTopology,
  finishedRun,
  postTopology,
  runNow,
  useRealNodes,
} from '../support/real-nodes.js';

const realNode = useRealNodes();

describe('GET /apis/v1/overview', () => {
  it('says what failed, what runs, what is paused, and what fires next', async () => {
    const node = await realNode('overview');
    await createTopology(node, 'broken', containerTask('main', ['sh', '-c', 'exit 3']));
    await createTopology(node, 'slow', containerTask('main', ['sleep', '60']));
    await createTopology(node, 'held', containerTask('main', ['true']));
    await postTopology(node, {
      name: 'hourly',
      task: containerTask('main', ['true']),
      trigger: { type: 'CRON', timeSpec: '0 0 * * * ?', timeZone: 'UTC' },
    });
    expect((await call(node, 'PUT', '/apis/v1/topologies/held/pause')).status).toBe(200);
    const failedRunId = await runNow(node, 'broken');
    expect((await finishedRun(node, 'broken', failedRunId)).state).toBe('FAILED');
    const runningRunId = await runNow(node, 'slow');
    await waitUntil(
      async () => (await node.runStore.get('slow', runningRunId))?.value.tasks.main?.state === 'RUNNING',
      30_000,
    );

    // Read after the changes: an overview may be up to 5 s old.
    await new Promise((resolve) => setTimeout(resolve, 5_100));
    const answer = await call(node, 'GET', '/apis/v1/overview');
    expect(answer.status).toBe(200);
    const overview = answer.body.data as Overview;
    expect(overview.failedRuns).toMatchObject({
      count: 1,
      newest: [{ topologyId: 'broken', runId: failedRunId }],
    });
    expect(overview.lastRunFailed).toMatchObject([
      { topologyId: 'broken', runId: failedRunId, state: 'FAILED' },
    ]);
    expect(overview.runningRuns).toMatchObject([
      { topologyId: 'slow', runId: runningRunId, state: 'RUNNING' },
    ]);
    expect(overview.pausedTopologies).toMatchObject([{ topologyId: 'held', pausedBy: expect.any(String) }]);
    // Hourly, for the next 24 h: 24 fires (the one at the end of the window included when on the hour).
    const hourly = overview.nextFires.filter((fire) => fire.topologyId === 'hourly');
    expect(hourly.length).toBeGreaterThanOrEqual(24);
    expect(hourly[0]!.fireTime).toBe(node.node.scheduler.nextFireOf('hourly'));
    expect(overview.nextFires.every((fire) => fire.topologyId === 'hourly')).toBe(true);
    expect(overview.skippedFires).toEqual([]);
    const kill = `/apis/v1/topologies/slow/runs/${runningRunId}/tasks/main/kill`;
    expect((await call(node, 'POST', kill)).status).toBe(200);
  });
});
