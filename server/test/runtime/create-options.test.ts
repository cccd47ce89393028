import { describe, expect, it } from 'vitest';
import { InvalidContainerSpecError } from '../../src/runtime/runtime-errors.js';
import { bindFor, createOptionsFor } from '../../src/runtime/docker/create-options.js';

const spec = {
  name: 'epoch-prod.t-r-x',
  image: 'team/app:1',
  pullTimeoutMs: 1_000,
  args: ['run', '--fast'],
  env: { A: '1', B: 'two words' },
  cpus: 2,
  memoryMb: 256,
  volumes: [],
  labels: { 'io.epoch.managed': 'true' },
};

describe('createOptionsFor', () => {
  it('maps the spec to a create request with limits, no swap and no privileges', () => {
    expect(createOptionsFor(spec, ['/srv/data:/data:ro'])).toEqual({
      name: 'epoch-prod.t-r-x',
      Image: 'team/app:1',
      Cmd: ['run', '--fast'],
      Env: ['A=1', 'B=two words'],
      Labels: { 'io.epoch.managed': 'true' },
      HostConfig: {
        Binds: ['/srv/data:/data:ro'],
        NanoCpus: 2e9,
        Memory: 256 * 1024 * 1024,
        MemorySwap: 256 * 1024 * 1024,
        Privileged: false,
        CapAdd: [],
        AutoRemove: false,
        RestartPolicy: { Name: 'no' },
      },
    });
  });

  it('leaves limits unset when the spec has none', () => {
    const { HostConfig } = createOptionsFor({ ...spec, cpus: undefined, memoryMb: undefined }, []);
    expect(HostConfig).toMatchObject({ NanoCpus: undefined, Memory: undefined, MemorySwap: undefined });
  });
});

describe('bindFor', () => {
  it('binds read-only volumes with :ro and read-write ones without', () => {
    expect(bindFor({ pathOnHost: '/x', pathInContainer: '/data', mode: 'READ_ONLY' }, '/srv/x')).toBe(
      '/srv/x:/data:ro',
    );
    expect(bindFor({ pathOnHost: '/x', pathInContainer: '/data', mode: 'READ_WRITE' }, '/srv/x')).toBe(
      '/srv/x:/data',
    );
  });

  it('refuses a colon, which Docker would read as a separator', () => {
    expect(() => bindFor({ pathOnHost: '/x', pathInContainer: '/data:rw', mode: 'READ_ONLY' }, '/x')).toThrow(
      InvalidContainerSpecError,
    );
  });
});
