import { describe, expect, it } from 'vitest';
import { isStopped, NOWHERE, stoppedSpec } from '../../src/runners/container/runtime/swarm/service-stop.js';
import type { SwarmService } from '../../src/runners/container/runtime/swarm/swarm-objects.js';

const service: SwarmService = {
  ID: 'svc1',
  CreatedAt: '2030-01-15T10:00:00Z',
  Version: { Index: 7 },
  Spec: {
    Name: 'epoch-prod-t-0123456789ab',
    Labels: { 'io.epoch.managed': 'true' },
    Mode: { ReplicatedJob: { MaxConcurrent: 1, TotalCompletions: 1 } },
    TaskTemplate: {
      ContainerSpec: { Image: 'team/app:1' },
      Placement: { Constraints: ['node.labels.pool==batch'], Preferences: [] },
    },
  },
};

describe('stoppedSpec', () => {
  it('adds a placement no node satisfies and keeps everything else of the spec as it was read', () => {
    const stopped = stoppedSpec(service);

    expect(stopped).toEqual({
      ...service.Spec,
      TaskTemplate: {
        ContainerSpec: { Image: 'team/app:1' },
        Placement: { Constraints: ['node.labels.pool==batch', NOWHERE], Preferences: [] },
      },
    });
    expect(isStopped(stopped.TaskTemplate.Placement)).toBe(true);
    expect(isStopped(service.Spec.TaskTemplate.Placement)).toBe(false);
    expect(isStopped(undefined)).toBe(false);
  });

  it('places a service that had no placement nowhere too', () => {
    const bare = { ...service, Spec: { ...service.Spec, TaskTemplate: {} } };
    expect(stoppedSpec(bare).TaskTemplate.Placement).toEqual({ Constraints: [NOWHERE] });
  });
});
