import { describe, expect, it } from 'vitest';
import {
  HARDENED_DEFAULTS,
  type ContainerDefaults,
} from '../../src/runners/container/runtime/container-defaults.js';
import type { ContainerSpec } from '../../src/runners/container/runtime/container-runtime.js';
import { mountFor } from '../../src/runners/container/runtime/docker/create-options.js';
import { serviceNameFor } from '../../src/runners/container/runtime/swarm/service-name.js';
import { serviceSpecFor } from '../../src/runners/container/runtime/swarm/service-spec.js';

const labels = { 'io.epoch.managed': 'true', 'io.epoch.task-id': 't-r-x' };
const spec: ContainerSpec = {
  name: 'epoch-prod.t-r-x',
  image: 'team/app:1',
  pullTimeoutMs: 1_000,
  startTimeoutMs: 60_000,
  args: ['run', '--fast'],
  env: { A: '1', B: 'two words' },
  cpus: 2,
  memoryMb: 256,
  volumes: [],
  labels,
};
const dataMount = mountFor({ pathOnHost: '/x', pathInContainer: '/data', mode: 'READ_ONLY' }, '/srv/data');

describe('serviceSpecFor', () => {
  it('maps the spec to a one-shot replicated job, hardened like a container, labelled on service and container (with the container name)', () => {
    expect(serviceSpecFor(spec, [dataMount], HARDENED_DEFAULTS, 5)).toEqual({
      Name: serviceNameFor('epoch-prod.t-r-x'),
      Labels: {
        ...labels,
        'io.epoch.container-name': 'epoch-prod.t-r-x',
        'io.epoch.start-timeout-ms': '60000',
      },
      TaskTemplate: {
        ContainerSpec: {
          Image: 'team/app:1',
          Args: ['run', '--fast'],
          Env: ['A=1', 'B=two words'],
          Labels: { ...labels, 'io.epoch.container-name': 'epoch-prod.t-r-x' },
          User: undefined,
          ReadOnly: false,
          Mounts: [dataMount],
          CapabilityDrop: ['ALL'],
          CapabilityAdd: [],
          Privileges: { NoNewPrivileges: true },
          StopGracePeriod: 5e9,
        },
        Resources: {
          Reservations: { NanoCPUs: 2e9, MemoryBytes: 256 * 1024 * 1024 },
          Limits: { NanoCPUs: 2e9, MemoryBytes: 256 * 1024 * 1024, Pids: 512 },
          SwapBytes: 0,
        },
        Placement: undefined,
        RestartPolicy: { Condition: 'none', MaxAttempts: 0 },
        LogDriver: { Name: 'json-file', Options: { 'max-size': '10m', 'max-file': '3' } },
      },
      Mode: { ReplicatedJob: { MaxConcurrent: 1, TotalCompletions: 1 } },
    });
  });

  it("takes the operator's defaults where the task sets none, and the task's own settings over them", () => {
    const defaults: ContainerDefaults = {
      capAdd: ['NET_BIND_SERVICE'],
      pidsLimit: 64,
      memoryMb: 128,
      user: '1000',
    };
    const bare = serviceSpecFor({ ...spec, cpus: undefined, memoryMb: undefined }, [], defaults, 5);
    expect(bare.TaskTemplate.ContainerSpec).toMatchObject({
      User: '1000',
      CapabilityAdd: ['CAP_NET_BIND_SERVICE'],
    });
    expect(bare.TaskTemplate.Resources.Limits).toEqual({
      NanoCPUs: undefined,
      MemoryBytes: 128 * 1024 * 1024,
      Pids: 64,
    });
    // A default limit is a ceiling, not a claim on a node: only what the task declares is reserved.
    expect(bare.TaskTemplate.Resources.Reservations).toEqual({ NanoCPUs: undefined, MemoryBytes: undefined });

    const own = serviceSpecFor({ ...spec, user: 'app:app', readOnlyRootFs: true }, [], HARDENED_DEFAULTS, 5);
    expect(own.TaskTemplate.ContainerSpec).toMatchObject({ User: 'app:app', ReadOnly: true });
  });

  it("passes the task's constraints and spread preferences to Swarm", () => {
    const placement = {
      constraints: ['node.labels.pool==batch', 'node.role!=manager'],
      preferences: [{ spread: 'node.labels.zone' }, { spread: 'engine.labels.rack' }],
    };
    expect(serviceSpecFor({ ...spec, placement }, [], HARDENED_DEFAULTS, 5).TaskTemplate.Placement).toEqual({
      Constraints: ['node.labels.pool==batch', 'node.role!=manager'],
      Preferences: [
        { Spread: { SpreadDescriptor: 'node.labels.zone' } },
        { Spread: { SpreadDescriptor: 'engine.labels.rack' } },
      ],
    });
  });

  it('reserves a CPU-only task its CPUs, not memory', () => {
    const resources = serviceSpecFor({ ...spec, memoryMb: undefined }, [], HARDENED_DEFAULTS, 5).TaskTemplate
      .Resources;
    expect(resources.Reservations).toEqual({ NanoCPUs: 2e9, MemoryBytes: undefined });
    expect(resources.Limits.MemoryBytes).toBe(512 * 1024 * 1024);
  });

  it('sends an RSYSLOG task to its server, tagged with the task id', () => {
    const logging = {
      type: 'RSYSLOG' as const,
      server: 'tcp://logs.example.com:514',
      tagPrefix: 'p-',
      tagSuffix: '-s',
    };
    expect(serviceSpecFor({ ...spec, logging }, [], HARDENED_DEFAULTS, 5).TaskTemplate.LogDriver).toEqual({
      Name: 'syslog',
      Options: { 'syslog-address': 'tcp://logs.example.com:514', tag: 'p-t-r-x-s' },
    });
  });
});
