import { describe, expect, it } from 'vitest';
import { HARDENED_DEFAULTS } from '../../src/runners/container/runtime/container-defaults.js';
import type { ContainerSpec } from '../../src/runners/container/runtime/container-runtime.js';
import { createOptionsFor, mountFor } from '../../src/runners/container/runtime/docker/create-options.js';

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
  labels: { 'io.epoch.managed': 'true', 'io.epoch.task-id': 't-r-x' },
};
const dataMount = mountFor({ pathOnHost: '/x', pathInContainer: '/data', mode: 'READ_ONLY' }, '/srv/data');

describe('createOptionsFor', () => {
  it('maps the spec to a hardened create request: limits, no swap, no capabilities, no privileges', () => {
    expect(createOptionsFor(spec, [dataMount], HARDENED_DEFAULTS)).toEqual({
      name: 'epoch-prod.t-r-x',
      Image: 'team/app:1',
      Cmd: ['run', '--fast'],
      Env: ['A=1', 'B=two words'],
      Labels: { 'io.epoch.managed': 'true', 'io.epoch.task-id': 't-r-x' },
      User: undefined,
      HostConfig: {
        Mounts: [dataMount],
        NanoCpus: 2e9,
        Memory: 256 * 1024 * 1024,
        MemorySwap: 256 * 1024 * 1024,
        PidsLimit: 512,
        CapDrop: ['ALL'],
        CapAdd: [],
        SecurityOpt: ['no-new-privileges:true'],
        ReadonlyRootfs: false,
        LogConfig: { Type: 'json-file', Config: { 'max-size': '10m', 'max-file': '3' } },
        Privileged: false,
        IpcMode: 'private',
        AutoRemove: false,
        RestartPolicy: { Name: 'no' },
      },
    });
  });

  it("applies the runtime's defaults where the task sets nothing, and the task's own values over them", () => {
    const defaults = { capAdd: ['NET_BIND_SERVICE'] as const, pidsLimit: 64, memoryMb: 128, user: '1000' };
    const plain = createOptionsFor({ ...spec, cpus: undefined, memoryMb: undefined }, [], defaults);
    expect(plain.User).toBe('1000');
    expect(plain.HostConfig).toMatchObject({
      NanoCpus: undefined,
      Memory: 128 * 1024 * 1024,
      MemorySwap: 128 * 1024 * 1024,
      PidsLimit: 64,
      CapDrop: ['ALL'],
      CapAdd: ['NET_BIND_SERVICE'],
    });
    const own = createOptionsFor({ ...spec, user: 'app:staff', readOnlyRootFs: true }, [], defaults);
    expect(own.User).toBe('app:staff');
    expect(own.HostConfig).toMatchObject({ Memory: 256 * 1024 * 1024, ReadonlyRootfs: true });
  });

  it('never shares a host namespace nor runs privileged', () => {
    const { HostConfig } = createOptionsFor(spec, [], HARDENED_DEFAULTS);
    expect(HostConfig?.Privileged).toBe(false);
    for (const mode of [
      HostConfig?.NetworkMode,
      HostConfig?.PidMode,
      HostConfig?.IpcMode,
      HostConfig?.UTSMode,
    ])
      expect(mode).not.toBe('host');
  });

  it("sends the topology's LOCAL logging as json-file, compressing only rotated files", () => {
    const logConfig = (logging: ContainerSpec['logging']) =>
      createOptionsFor({ ...spec, logging }, [], HARDENED_DEFAULTS).HostConfig?.LogConfig;
    expect(logConfig({ type: 'LOCAL', maxSize: '50m', maxFiles: 5, compress: true })).toEqual({
      Type: 'json-file',
      Config: { 'max-size': '50m', 'max-file': '5', compress: 'true' },
    });
    expect(logConfig({ type: 'LOCAL', maxSize: '600m', maxFiles: 1, compress: true })).toEqual({
      Type: 'json-file',
      Config: { 'max-size': '600m', 'max-file': '1' },
    });
    expect(
      logConfig({ type: 'LOCAL', maxSize: '1m', maxFiles: 2, compress: false })?.Config,
    ).not.toHaveProperty('compress');
  });

  it('sends RSYSLOG logging to the syslog driver, tagged with the task id', () => {
    const { HostConfig } = createOptionsFor(
      {
        ...spec,
        logging: {
          type: 'RSYSLOG',
          server: 'tcp://logs.example.com:514',
          tagPrefix: 'epoch.',
          tagSuffix: '.x',
        },
      },
      [],
      HARDENED_DEFAULTS,
    );
    expect(HostConfig?.LogConfig).toEqual({
      Type: 'syslog',
      Config: { 'syslog-address': 'tcp://logs.example.com:514', tag: 'epoch.t-r-x.x' },
    });
  });
});

describe('mountFor', () => {
  it('binds the checked path, read-only for READ_ONLY volumes, never recursively', () => {
    expect(dataMount).toEqual({
      Type: 'bind',
      Source: '/srv/data',
      Target: '/data',
      ReadOnly: true,
      BindOptions: { NonRecursive: true, Propagation: 'rprivate' },
    });
    expect(
      mountFor({ pathOnHost: '/x', pathInContainer: '/data:rw', mode: 'READ_WRITE' }, '/srv/a:b'),
    ).toMatchObject({ Source: '/srv/a:b', Target: '/data:rw', ReadOnly: false });
  });
});
