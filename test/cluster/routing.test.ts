// Any node answers for the cluster: followers forward /apis and timeMachine's /job and /route to the leader
// (writes, streams, headers), and answer health checks themselves. Three real Epoch processes on a real
// 3-server ZooKeeper ensemble.
import { readFile } from 'node:fs/promises';
import type { ClusterStatus, RunInfo, TopologyDetails } from '@epoch/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Sink } from '../harness/http-sink.js';
import {
  api,
  apiData,
  everySecondHttpTopology,
  runsOf,
  startEpochCluster,
  waitForLeader,
  type EpochCluster,
} from './support/epoch-cluster.js';
import type { EpochProcess } from '../harness/epoch-process.js';
import { TEST_ZK_AUTH } from '../harness/zookeeper.js';
import { forwardingHeaders, forwardingKey } from '../../server/src/api/forward-signature.js';
import { ZkCredential } from '../../server/src/zk/zk-credential.js';

let cluster: EpochCluster;
let leader: EpochProcess;
let followers: EpochProcess[];
const sink = new Sink();

beforeAll(async () => {
  await sink.start();
  cluster = await startEpochCluster({ label: 'routing' });
  leader = await waitForLeader(cluster);
  followers = cluster.nodes.filter((node) => node !== leader);
}, 120_000);

afterAll(async () => {
  await cluster?.stop();
  await sink.close();
});

const hourly = (name: string) => ({
  name,
  task: { type: 'HTTP', taskName: 'hook', method: 'POST', url: sink.url },
  trigger: { type: 'CRON', timeSpec: '0 0 * * * ?', timeZone: 'UTC' },
});

describe('routing to the leader', () => {
  it('gives the same answer on every node, and takes a write on a follower', async () => {
    const [first] = followers as [EpochProcess];
    const created = await apiData<TopologyDetails>(
      first,
      'POST',
      '/apis/v1/topologies',
      hourly('via-follower'),
    );
    expect(created.id).toBe('via-follower');

    const answers = await Promise.all(
      cluster.nodes.map((node) => apiData<TopologyDetails>(node, 'GET', '/apis/v1/topologies/via-follower')),
    );
    for (const answer of answers) expect(answer).toEqual(created);
    const lists = await Promise.all(
      cluster.nodes.map((node) => apiData<TopologyDetails[]>(node, 'GET', '/apis/v1/topologies')),
    );
    for (const list of lists) expect(list).toEqual(lists[0]);
  });

  it('passes errors back as the leader gave them: status, body, headers', async () => {
    const [, second] = followers as [EpochProcess, EpochProcess];
    const direct = await api(leader, 'POST', '/apis/v1/topologies', { name: 'bad name!' });
    const forwarded = await api(second, 'POST', '/apis/v1/topologies', { name: 'bad name!' });
    expect(forwarded.status).toBe(400);
    expect(forwarded.body).toEqual(direct.body);
    const missing = await api(second, 'GET', '/apis/v1/topologies/no-such-topology');
    expect(missing.status).toBe(404);
  });

  it('runs now through a follower, and every node reports the run', async () => {
    const [first, second] = followers as [EpochProcess, EpochProcess];
    await apiData(first, 'POST', '/apis/v1/topologies', hourly('run-via-follower'));
    const { runId } = await apiData<{ runId: string }>(
      first,
      'PUT',
      '/apis/v1/topologies/run-via-follower/run',
    );
    let run: RunInfo | undefined;
    for (let i = 0; i < 100 && run?.state !== 'COMPLETED'; i++) {
      run = await apiData<RunInfo>(second, 'GET', `/apis/v1/topologies/run-via-follower/runs/${runId}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(run?.state).toBe('COMPLETED');
    expect(run?.leader).toBe(leader.url);
    expect(sink.arrivals.some((arrival) => arrival.runId === runId)).toBe(true);
  });

  it('streams server-sent events through a follower as they happen', async () => {
    const [first, second] = followers as [EpochProcess, EpochProcess];
    const controller = new AbortController();
    const response = await fetch(`${first.url}/apis/v1/events`, { signal: controller.signal });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    // Created after the stream is open: the event can only arrive live, through the proxy.
    await apiData(second, 'POST', '/apis/v1/topologies', hourly('streamed'));
    let received = '';
    const deadline = Date.now() + 10_000;
    while (!received.includes('"id":"streamed"') && Date.now() < deadline) {
      const { value, done } = await reader.read();
      if (done) break;
      received += value;
    }
    controller.abort();
    expect(received).toMatch(/event: topology\ndata: \{[^\n]*"id":"streamed"/);
  });

  it('lists the nodes with their roles on any node', async () => {
    for (const node of cluster.nodes) {
      const status = await apiData<ClusterStatus>(node, 'GET', '/apis/v1/cluster');
      expect(status.leader).toBe(leader.url);
      expect(status.nodes.map((member) => member.url).sort()).toEqual(cluster.nodes.map((n) => n.url).sort());
      expect(status.nodes.filter((member) => member.role === 'LEADER').map((member) => member.url)).toEqual([
        leader.url,
      ]);
      expect(status.zookeeper.connected).toBe(true);
    }
  });

  it('takes PUT /APIS/v1/… in upper case on a follower to the leader, which schedules it', async () => {
    const [first] = followers as [EpochProcess];
    await apiData(first, 'POST', '/apis/v1/topologies', hourly('upper-case-path'));
    // Express routes /APIS as /apis: a follower that did not forward it would answer it itself.
    const updated = await api<{ status: string }>(
      first,
      'PUT',
      '/APIS/v1/topologies',
      everySecondHttpTopology('upper-case-path', sink.url),
    );
    expect(updated.status).toBe(200);
    let scheduled: RunInfo[] = [];
    for (let i = 0; i < 100 && !scheduled.some((run) => run.state === 'SUCCESSFUL'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      scheduled = (await runsOf(first, 'upper-case-path')).filter((run) => run.runType === 'SCHEDULED');
    }
    const completed = scheduled.find((run) => run.state === 'SUCCESSFUL');
    expect(completed?.leader).toBe(leader.url);
    expect(sink.arrivals.some((arrival) => arrival.runId === completed?.runId)).toBe(true);
    await apiData(first, 'DELETE', '/apis/v1/topologies/upper-case-path');
  });

  it("takes timeMachine's /job and /route on a follower to the leader, in any case", async () => {
    const [first, second] = followers as [EpochProcess, EpochProcess];
    const route = { id: 'tm-route', type: 'http', webhook_url: 'http://127.0.0.1:9/hook' };
    const job = { id: 'tm-1', trigger_ms: Date.UTC(2099, 0, 1), meta: { cart: 1 }, route: 'tm-route' };
    // A follower answering these itself would have no job store: only the leader holds one.
    expect(await api(first, 'POST', '/route', route)).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(await api(second, 'POST', '/JOB/carts', job)).toMatchObject({
      status: 200,
      body: { status: 'ok' },
    });
    for (const node of cluster.nodes) {
      expect((await api(node, 'GET', '/job/carts/tm-1')).body).toEqual(job);
      expect((await api(node, 'GET', '/route/tm-route')).body).toMatchObject({
        webhook_url: route.webhook_url,
      });
    }
    expect((await api(first, 'DELETE', '/job/default/carts/tm-1')).body).toEqual({ status: 'ok' });
    expect(await api(second, 'GET', '/job/carts/tm-1')).toMatchObject({
      status: 404,
      body: { code: 'E004' },
    });
  });

  it('answers health checks locally, and never forwards a request twice', async () => {
    const [first] = followers as [EpochProcess];
    expect((await api(first, 'GET', '/healthz')).status).toBe(200);
    expect((await api(first, 'GET', '/readyz')).status).toBe(200);
    // A request another node signed as forwarded means the sender thought this node led: refuse, not loop.
    const signedBy = (from: EpochProcess) =>
      forwardingHeaders(forwardingKey(ZkCredential.parse(TEST_ZK_AUTH)!), {
        method: 'GET',
        url: '/apis/v1/topologies',
        clientAddress: '127.0.0.1',
        followerUrl: from.url,
        at: Date.now(),
      });
    const looped = await api(first, 'GET', '/apis/v1/topologies', undefined, signedBy(leader));
    expect(looped.status).toBe(503);
    expect(looped.headers.get('retry-after')).toBe('1');
    // The leader itself answers a forwarded request.
    const atLeader = await api(leader, 'GET', '/apis/v1/topologies', undefined, signedBy(first));
    expect(atLeader.status).toBe(200);
  });

  it('refuses a forged X-Epoch-Forwarded-By, sent to the leader or to a follower', async () => {
    const [first] = followers as [EpochProcess];
    for (const node of [leader, first]) {
      const forged = await api<{ message: string }>(
        node,
        'DELETE',
        '/apis/v1/topologies/via-follower',
        undefined,
        {
          'X-Epoch-Forwarded-By': first.url,
          'X-Epoch-Forwarded-For': '203.0.113.1',
        },
      );
      expect(forged.status).toBe(403);
      expect(forged.body.message).toContain(
        'X-Epoch-Forwarded-By refused: it is not signed by an Epoch node',
      );
    }
    // Nothing was done for it.
    expect((await api(leader, 'GET', '/apis/v1/topologies/via-follower')).status).toBe(200);
  });

  it("never shows the ZooKeeper password: not in any node's log, nor in the cluster view", async () => {
    const password = TEST_ZK_AUTH.slice(TEST_ZK_AUTH.indexOf(':') + 1);
    for (const node of cluster.nodes) {
      const log = await readFile(node.logPath, 'utf8');
      // The nodes log at info: their starts, ACL checks, requests and forwarding are all in there.
      expect(log).toContain('"zkUser":"epoch-test"');
      expect(log).not.toContain(password);
      const view = await api(node, 'GET', '/apis/v1/cluster');
      expect(JSON.stringify(view.body)).not.toContain(password);
    }
  });
});
