import { describe, expect, it } from 'vitest';
import { dockerClientOptions, isLocalEngine } from '../../src/runtime/docker/docker-client.js';

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
