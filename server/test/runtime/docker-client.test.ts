import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  dockerClientOptions,
  engineSocketPaths,
  isLocalEngine,
} from '../../src/runners/container/runtime/docker/docker-client.js';
import {
  engineFileView,
  runsApartFromEngine,
} from '../../src/runners/container/runtime/docker/engine-files.js';

describe('dockerClientOptions', () => {
  it('uses the local socket when no address is set', () => {
    expect(dockerClientOptions(undefined)).toEqual({ socketPath: '/var/run/docker.sock', host: undefined });
    expect(isLocalEngine(undefined)).toBe(true);
  });

  it('reads unix://, tcp:// and https:// addresses', () => {
    expect(dockerClientOptions('unix:///run/user/1000/docker.sock')).toEqual({
      socketPath: '/run/user/1000/docker.sock',
      host: undefined,
    });
    expect(dockerClientOptions('tcp://10.0.0.5:2375')).toEqual({
      protocol: 'http',
      host: '10.0.0.5',
      port: '2375',
    });
    expect(dockerClientOptions('tcp://docker.internal')).toEqual({
      protocol: 'http',
      host: 'docker.internal',
      port: 2375,
    });
    expect(dockerClientOptions('https://docker.internal:2376')).toMatchObject({
      protocol: 'https',
      port: '2376',
    });
    expect(isLocalEngine('tcp://10.0.0.5:2375')).toBe(false);
  });

  it('refuses addresses it cannot use', () => {
    expect(() => dockerClientOptions('ssh://user@host')).toThrow(/use unix:\/\/\/path/);
    expect(() => dockerClientOptions('not an address')).toThrow(/is not an address/);
  });
});

describe('engineSocketPaths', () => {
  it("names Docker's usual sockets and the configured one", () => {
    expect(engineSocketPaths()).toEqual(['/var/run/docker.sock', '/run/docker.sock']);
    expect(engineSocketPaths('unix:///run/user/1000/docker.sock')).toEqual([
      '/var/run/docker.sock',
      '/run/docker.sock',
      '/run/user/1000/docker.sock',
    ]);
    expect(engineSocketPaths('tcp://10.0.0.5:2375')).toEqual(['/var/run/docker.sock', '/run/docker.sock']);
  });
});

describe('engineFileView', () => {
  it("sees the engine's files only through a local socket from outside a container", () => {
    expect(engineFileView(undefined, () => false)).toEqual({ visible: true });
    expect(engineFileView('unix:///var/run/docker.sock', () => true)).toEqual({
      visible: false,
      reason: "Epoch runs in a container, whose file system is not the engine host's",
    });
    expect(engineFileView('tcp://10.0.0.5:2375', () => false)).toEqual({
      visible: false,
      reason: 'the Docker Engine is remote',
    });
  });

  it('sees the engine that npm test runs beside it as sharing its files, whatever container markers say', () => {
    // The set-up starts dockerd on this machine (or finds one running) with its default pid file.
    expect(existsSync('/var/run/docker.pid')).toBe(true);
    expect(runsApartFromEngine()).toBe(false);
    expect(engineFileView(undefined)).toEqual({ visible: true });
  });
});
