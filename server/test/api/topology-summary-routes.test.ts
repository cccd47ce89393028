// The UI's topology list: each topology with its next fire and last run, against a real node.
import type { TopologySummary } from '@epoch/shared';
import { describe, expect, it } from 'vitest';
import { call } from '../support/test-node.js';
import {
  containerTask,
  createTopology,
  expectRejected,
  finishedRun,
  runNow,
  useRealNodes,
} from '../support/real-nodes.js';

const realNode = useRealNodes();

describe('GET /apis/v1/topology-summaries', () => {
  it('pages topologies with their next fire (none when paused) and their last run', async () => {
    const node = await realNode('summaries');
    for (const name of ['alpha', 'beta', 'gamma'])
      await createTopology(node, name, containerTask('main', ['true']));
    expect((await call(node, 'PUT', '/apis/v1/topologies/beta/pause')).status).toBe(200);
    const runId = await runNow(node, 'alpha');
    await finishedRun(node, 'alpha', runId);

    const page = await call(node, 'GET', '/apis/v1/topology-summaries?sort=name&limit=2');
    expect(page.status).toBe(200);
    expect(page.headers.get('x-total-count')).toBe('3');
    const [alpha, beta] = page.body.data as TopologySummary[];
    expect(alpha?.details.id).toBe('alpha');
    expect(alpha?.nextFireTime).toBe(node.node.scheduler.nextFireOf('alpha'));
    expect(alpha?.nextFireTime).toBeGreaterThan(Date.now());
    expect(alpha?.lastRun).toMatchObject({ runId, state: 'COMPLETED' });
    expect(beta).toMatchObject({
      details: { id: 'beta', state: 'PAUSED' },
      nextFireTime: null,
      lastRun: null,
    });

    const searched = await call(node, 'GET', '/apis/v1/topology-summaries?search=AMM&state=ACTIVE');
    expect((searched.body.data as TopologySummary[]).map((summary) => summary.details.id)).toEqual(['gamma']);
  });

  it('rejects a bad query naming the field, writing nothing', async () => {
    const node = await realNode('summaries-bad');
    await expectRejected(node, 'GET', '/apis/v1/topology-summaries?limit=0', { status: 400, field: 'limit' });
    await expectRejected(node, 'GET', '/apis/v1/topology-summaries?state=GONE', {
      status: 400,
      field: 'state',
    });
  });
});
