// The UI's topology list: each topology with its next fire and last run, against a real node.
import type { TopologySummary } from '@epoch/shared';
import { describe, expect, it } from 'vitest';
import { call } from '../support/test-node.js';
import {
  containerTask,
  createTopology,
  expectRejected,
  finishedRun,
  postTopology,
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

  it("filters by the last run's state and sorts by next fire, on both lists", async () => {
    const node = await realNode('summaries-last-run');
    await createTopology(node, 'fails', containerTask('main', ['false']));
    await createTopology(node, 'passes', containerTask('main', ['true']));
    await createTopology(node, 'idle', containerTask('main', ['true']));
    const yearly = (name: string, year: number) =>
      postTopology(node, {
        name,
        task: containerTask('main', ['true']),
        trigger: { type: 'CRON', timeSpec: `0 0 0 1 1 ? ${year}` },
      });
    await yearly('later', 2097);
    await yearly('sooner', 2090);
    for (const name of ['fails', 'passes']) await finishedRun(node, name, await runNow(node, name));

    const ids = async (path: string) =>
      ((await call(node, 'GET', path)).body.data as ({ id: string } | TopologySummary)[]).map((item) =>
        'details' in item ? item.details.id : item.id,
      );
    for (const list of ['/apis/v1/topology-summaries', '/apis/v1/topologies']) {
      expect(await ids(`${list}?lastRunState=FAILED`)).toEqual(['fails']);
      expect(await ids(`${list}?lastRunState=FAILED&lastRunState=COMPLETED`)).toEqual(['fails', 'passes']);
      expect(await ids(`${list}?lastRunState=RUNNING`)).toEqual([]);
      // NEVER (2099) fires last; the three on it tie and go by name.
      expect(await ids(`${list}?sort=nextFire`)).toEqual(['sooner', 'later', 'fails', 'idle', 'passes']);
    }
    expect((await call(node, 'PUT', '/apis/v1/topologies/sooner/pause')).status).toBe(200);
    const paged = await call(node, 'GET', '/apis/v1/topology-summaries?sort=nextFire&order=desc&limit=2');
    expect(paged.headers.get('x-total-count')).toBe('5');
    // Paused: no next fire, last in either order.
    expect(await ids('/apis/v1/topology-summaries?sort=nextFire&order=desc')).toEqual([
      'fails',
      'idle',
      'passes',
      'later',
      'sooner',
    ]);
  });

  it('rejects a bad query naming the field, writing nothing', async () => {
    const node = await realNode('summaries-bad');
    await expectRejected(node, 'GET', '/apis/v1/topology-summaries?limit=0', { status: 400, field: 'limit' });
    await expectRejected(node, 'GET', '/apis/v1/topology-summaries?state=GONE', {
      status: 400,
      field: 'state',
    });
    await expectRejected(node, 'GET', '/apis/v1/topology-summaries?lastRunState=CLAIMED', {
      status: 400,
      field: 'lastRunState',
    });
    await expectRejected(node, 'GET', '/apis/v1/topologies?sort=lastRun', { status: 400, field: 'sort' });
  });
});
