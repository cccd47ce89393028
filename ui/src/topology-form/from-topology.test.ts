import { topologySchema, type Topology, type TopologyInput } from '@epoch/shared';
import { describe, expect, it } from 'vitest';
import { fromTopology } from './from-topology.js';
import { toTopologyInput } from './to-topology-input.js';

const stored = (input: TopologyInput): Topology => topologySchema.parse(input);

/** What an edit saves back without changes must validate to the topology it was loaded from. */
const roundTrip = (topology: Topology, zone = 'UTC') =>
  topologySchema.parse(toTopologyInput(fromTopology(topology, zone)));

describe('fromTopology', () => {
  it('sends secrets back as read, "<secret>" (unchanged), for containers and HTTP tasks', () => {
    const container = stored({
      name: 'vault',
      trigger: { type: 'CRON', timeSpec: '0 0 3 * * ?' },
      task: {
        type: 'CONTAINER_EXECUTION',
        taskName: 'c',
        executable: { url: 'app:1' },
        resources: [{ type: 'CPU', count: 1 }],
        secretEnv: { DB_PASS: '<secret>' },
      },
    });
    expect(toTopologyInput(fromTopology(container)).task).toMatchObject({
      secretEnv: { DB_PASS: '<secret>' },
    });
    const http = stored({
      name: 'hook',
      trigger: { type: 'CRON', timeSpec: '0 0 3 * * ?' },
      task: {
        type: 'HTTP',
        taskName: 'h',
        url: 'https://example.com/',
        secretHeaders: { Authorization: '<secret>' },
      },
    });
    expect(toTopologyInput(fromTopology(http)).task).toMatchObject({
      secretHeaders: { Authorization: '<secret>' },
    });
  });

  it('reads a container topology into the form and back unchanged', () => {
    const topology = stored({
      name: 'etl',
      trigger: { type: 'CRON', timeSpec: '0 0 3 ? * MON-FRI', timeZone: 'Asia/Tokyo' },
      task: {
        type: 'CONTAINER_EXECUTION',
        taskName: 'load',
        executable: { type: 'DOCKER', url: 'app:1', dockerPullTimeout: '3 minutes' },
        resources: [
          { type: 'MEMORY', sizeInMB: 512 },
          { type: 'CPU', count: 2 },
        ],
        volumes: [{ pathOnHost: '/a', pathInContainer: '/b', mode: 'READ_ONLY' }],
        env: { A: '1', B: '' },
        tags: { team: 'data' },
        placementPolicy: { type: 'ANY' },
        args: ['--x', 'y'],
        timeoutSeconds: 600,
        retries: { count: 2, delaySeconds: 5, backoffFactor: 3 },
      },
      notify: { type: 'MAIL', emails: ['a@example.com', 'b@example.com'] },
      overlapPolicy: 'REPLACE',
      misfirePolicy: 'SKIP',
      startingDeadlineSeconds: 60,
    });
    const state = fromTopology(topology);
    expect(state).toMatchObject({
      name: 'etl',
      triggerType: 'CRON',
      timeSpec: '0 0 3 ? * MON-FRI',
      timeZone: 'Asia/Tokyo',
      taskKind: 'CONTAINER_EXECUTION',
      taskName: 'load',
      container: { image: 'app:1', cpus: 2, memoryMB: 512, args: '--x\ny' },
      timeoutSeconds: 600,
      retryCount: 2,
      emails: 'a@example.com, b@example.com',
      overlapPolicy: 'REPLACE',
    });
    expect(state.container.env.map(({ key, value }) => [key, value])).toEqual([
      ['A', '1'],
      ['B', ''],
    ]);
    const back = roundTrip(topology);
    // Resources come back CPU first; the set is the same.
    expect({ ...back, task: { ...back.task, resources: [] } }).toEqual({
      ...topology,
      task: { ...topology.task, resources: [] },
    });
    expect(back.task.type === 'CONTAINER_EXECUTION' && back.task.resources).toEqual([
      { type: 'CPU', count: 2 },
      { type: 'MEMORY', sizeInMB: 512 },
    ]);
  });

  it('round-trips an HTTP topology with a JSON body and an AT trigger', () => {
    const topology = stored({
      name: 'hook',
      trigger: { type: 'AT', time: Date.UTC(2031, 0, 1, 8, 15) },
      task: {
        type: 'HTTP',
        taskName: 'call',
        method: 'POST',
        url: 'https://example.com/x',
        headers: { Authorization: 'Bearer t' },
        body: { hello: ['world'] },
        successCodes: [200, 202],
      },
    });
    const state = fromTopology(topology, 'America/New_York');
    expect(state.triggerType).toBe('AT');
    expect(state.runAt).toBe('2031-01-01 03:15:00');
    expect(state.http.body).toBe('{\n  "hello": [\n    "world"\n  ]\n}');
    expect(roundTrip(topology, 'America/New_York')).toEqual(topology);
  });

  it('keeps a composite task as it is', () => {
    const topology = stored({
      name: 'chain',
      trigger: { type: 'CRON', timeSpec: '0 0 * * * ?' },
      task: {
        type: 'COMPOSITE',
        tasks: [
          { type: 'HTTP', taskName: 'a', url: 'https://a.io' },
          { type: 'HTTP', taskName: 'b', url: 'https://b.io' },
        ],
      },
    });
    const state = fromTopology(topology);
    expect(state.taskKind).toBe('COMPOSITE');
    expect(state.composite).toEqual(topology.task);
    expect(roundTrip(topology)).toEqual(topology);
  });
});
