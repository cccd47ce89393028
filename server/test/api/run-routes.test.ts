// The run endpoints against a real node (real ZooKeeper, real Docker Engine, real time).
import { runIdFor, type RunInfo, type RunState, type RunType } from '@epoch/shared';
import { describe, expect, it } from 'vitest';
import { call } from '../support/test-node.js';
import {
  containerTask,
  createTopology,
  expectRejected,
  finishedRun,
  runNow,
  useRealNodes,
  waitForTask,
  type RealNode,
} from '../support/real-nodes.js';

const realNode = useRealNodes();

const T0 = Date.parse('2030-01-15T10:00:00Z');

/** Stored runs with chosen times, so that created, updated and id orders all differ. */
const SEEDED: Array<{ runType: RunType; state: RunState; fire: number; created: number; updated: number }> = [
  { runType: 'SCHEDULED', state: 'SUCCESSFUL', fire: 1, created: 10, updated: 50 },
  { runType: 'SCHEDULED', state: 'FAILED', fire: 2, created: 20, updated: 40 },
  { runType: 'INSTANT', state: 'COMPLETED', fire: 3, created: 40, updated: 30 },
  { runType: 'INSTANT', state: 'FAILED', fire: 4, created: 30, updated: 60 },
  { runType: 'SCHEDULED', state: 'SKIPPED', fire: 5, created: 50, updated: 10 },
];

async function seededNode(label: string): Promise<{ node: RealNode; ids: string[] }> {
  const node = await realNode(label);
  await createTopology(node, 'seeded', containerTask('main', ['true']));
  const ids: string[] = [];
  for (const seed of SEEDED) {
    const runId = runIdFor(seed.runType, T0 + seed.fire * 1000);
    const run: RunInfo = {
      topologyId: 'seeded',
      runId,
      state: seed.state,
      message: seed.state,
      runType: seed.runType,
      created: T0 + seed.created * 1000,
      updated: T0 + seed.updated * 1000,
      tasks: { main: { taskId: `seeded-${runId}-main`, state: 'COMPLETED' } },
    };
    expect(await node.runStore.claim(run, node.node.election.fence())).not.toBeNull();
    ids.push(runId);
  }
  return { node, ids };
}

async function list(node: RealNode, query: string): Promise<{ runIds: string[]; total: string | null }> {
  const result = await call(node, 'GET', `/apis/v1/topologies/seeded/runs${query}`);
  expect(result.status, JSON.stringify(result.body)).toBe(200);
  return {
    runIds: (result.body.data as RunInfo[]).map((run) => run.runId),
    total: result.headers.get('X-Total-Count'),
  };
}

describe('GET /apis/v1/topologies/{id}/runs', () => {
  it('filters by state (one or several), run type, sorts and pages, with the total in X-Total-Count', async () => {
    const { node, ids } = await seededNode('list');
    const [succeeded, failed, completed, failedInstant, skipped] = ids as [
      string,
      string,
      string,
      string,
      string,
    ];

    // Epoch's order by default: newest update first.
    expect(await list(node, '')).toEqual({
      runIds: [failedInstant, succeeded, failed, completed, skipped],
      total: '5',
    });
    // Epoch's `state` filter never matches; ours does, and repeats.
    expect(await list(node, '?state=FAILED')).toEqual({ runIds: [failedInstant, failed], total: '2' });
    expect(await list(node, '?state=FAILED&state=SKIPPED')).toEqual({
      runIds: [failedInstant, failed, skipped],
      total: '3',
    });
    expect(await list(node, '?state=RUNNING')).toEqual({ runIds: [], total: '0' });
    expect(await list(node, '?runType=INSTANT&state=FAILED')).toEqual({
      runIds: [failedInstant],
      total: '1',
    });
    expect(await list(node, '?sort=created&order=asc')).toEqual({
      runIds: [succeeded, failed, failedInstant, completed, skipped],
      total: '5',
    });
    // Instant runs' ids (EIR-) sort before scheduled ones (ESR-).
    expect(await list(node, '?sort=runId&order=asc&offset=1&limit=2')).toEqual({
      runIds: [failedInstant, succeeded],
      total: '5',
    });
    expect(await list(node, '?state=FAILED&state=SUCCESSFUL&limit=2&offset=2')).toEqual({
      runIds: [failed],
      total: '3',
    });
  });

  it('answers 404 for an unknown topology and 400 naming each bad query field, writing nothing', async () => {
    const { node } = await seededNode('list-bad');
    const unknown = await call(node, 'GET', '/apis/v1/topologies/nope/runs');
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toBe('Topology not found: nope');
    for (const [query, field] of [
      ['state=DONE', 'query.state'],
      ['state=FAILED&state=DONE', 'query.state'],
      ['runType=CRON', 'query.runType'],
      ['sort=name', 'query.sort'],
      ['order=up', 'query.order'],
      ['offset=-1', 'query.offset'],
      ['limit=0', 'query.limit'],
      ['limit=ten', 'query.limit'],
    ] as const) {
      await expectRejected(node, 'GET', `/apis/v1/topologies/seeded/runs?${query}`, { status: 400, field });
    }
  });
});

describe('GET /apis/v1/topologies/{id}/runs/{runId}', () => {
  it('returns the run, and 404 naming the unknown topology or run', async () => {
    const { node, ids } = await seededNode('get');
    const found = await call(node, 'GET', `/apis/v1/topologies/seeded/runs/${ids[1]}`);
    expect(found.status).toBe(200);
    expect(found.body.data).toMatchObject({ topologyId: 'seeded', runId: ids[1], state: 'FAILED' });

    const noRun = await call(node, 'GET', '/apis/v1/topologies/seeded/runs/EIR-2030-01-01-00-00-00-000');
    expect(noRun.status).toBe(404);
    expect(noRun.body.message).toBe('No run EIR-2030-01-01-00-00-00-000 of topology seeded');
    const noTopology = await call(node, 'GET', `/apis/v1/topologies/nope/runs/${ids[1]}`);
    expect(noTopology.status).toBe(404);
    expect(noTopology.body.message).toBe('Topology not found: nope');
  });
});

describe('POST …/runs/{runId}/tasks/{taskName}/kill', () => {
  it('kills the running container: the task and the run end CANCELLED, later tasks never start', async () => {
    const node = await realNode('kill');
    await createTopology(node, 'victim', {
      type: 'COMPOSITE',
      compositionType: 'ALL',
      tasks: [containerTask('first', ['sleep', '30']), containerTask('second', ['true'])],
    });
    const runId = await runNow(node, 'victim');
    await waitForTask(node, 'victim', runId, 'first', ['RUNNING']);
    const started = Date.now();

    const killed = await call(node, 'POST', `/apis/v1/topologies/victim/runs/${runId}/tasks/first/kill`);

    expect(killed.status).toBe(200);
    expect(killed.body.data).toEqual({ success: true, message: 'Task cancel accepted' });
    const run = await finishedRun(node, 'victim', runId);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(run.state).toBe('CANCELLED');
    expect(run.tasks.first?.state).toBe('CANCELLED');
    expect(run.tasks.second?.state).toBe('PENDING');
    const containers = await node.runtime.listByLabel({ topologyId: 'victim' });
    expect(containers.map((container) => container.state)).toEqual(['exited']);
    expect(await node.runtime.listByLabel({ topologyId: 'victim', taskName: 'second' })).toEqual([]);
    // The state filter matches real runs too.
    const cancelled = await call(node, 'GET', '/apis/v1/topologies/victim/runs?state=CANCELLED');
    expect((cancelled.body.data as RunInfo[]).map((r) => r.runId)).toEqual([runId]);
  });

  it('answers 409 for a finished task or run, 404 naming an unknown run or task', async () => {
    const node = await realNode('kill-finished');
    await createTopology(node, 'quick', {
      type: 'COMPOSITE',
      compositionType: 'ALL',
      tasks: [containerTask('first', ['false']), containerTask('second', ['true'])],
    });
    const runId = await runNow(node, 'quick');
    expect(await finishedRun(node, 'quick', runId)).toMatchObject({
      state: 'FAILED',
      tasks: { first: { state: 'FAILED' }, second: { state: 'PENDING' } },
    });
    const kill = (taskName: string) => `/apis/v1/topologies/quick/runs/${runId}/tasks/${taskName}/kill`;

    await expectRejected(node, 'POST', kill('first'), {
      status: 409,
      field: `Task first of run ${runId} has already finished (FAILED)`,
    });
    await expectRejected(node, 'POST', kill('second'), {
      status: 409,
      field: `Run ${runId} is not running (FAILED)`,
    });
    await expectRejected(node, 'POST', kill('other'), {
      status: 404,
      field: `No task other in run ${runId}`,
    });
    await expectRejected(
      node,
      'POST',
      '/apis/v1/topologies/quick/runs/EIR-2030-01-01-00-00-00-000/tasks/first/kill',
      {
        status: 404,
        field: 'No run EIR-2030-01-01-00-00-00-000 of topology quick',
      },
    );
    await expectRejected(node, 'POST', `/apis/v1/topologies/nope/runs/${runId}/tasks/first/kill`, {
      status: 404,
      field: 'Topology not found: nope',
    });
  });
});

describe('PUT /apis/v1/topologies/{id}/run', () => {
  it('runs a PAUSED topology at once (Epoch semantics), and answers 404 for an unknown one', async () => {
    const node = await realNode('instant-paused');
    await createTopology(node, 'sleepy', containerTask('main', ['true']));
    expect((await call(node, 'PUT', '/apis/v1/topologies/sleepy/pause')).status).toBe(200);

    const runId = await runNow(node, 'sleepy');

    expect(runId).toMatch(/^EIR-\d{4}(-\d{2}){5}-\d{3}$/);
    expect(await finishedRun(node, 'sleepy', runId)).toMatchObject({
      state: 'COMPLETED',
      runType: 'INSTANT',
      tasks: { main: { state: 'COMPLETED', exitCode: 0 } },
    });
    await expectRejected(node, 'PUT', '/apis/v1/topologies/nope/run', {
      status: 404,
      field: 'Topology not found: nope',
    });
  });
});
