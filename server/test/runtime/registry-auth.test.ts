import { describe, expect, it } from 'vitest';
import { authConfigFor, registryHostOf } from '../../src/runners/container/runtime/docker/registry-auth.js';

describe('registry credentials', () => {
  it.each([
    ['busybox', 'docker.io'],
    ['team/app:1.2', 'docker.io'],
    ['registry.example.com/team/app:1.2', 'registry.example.com'],
    ['registry:5000/app', 'registry:5000'],
    ['localhost/app@sha256:' + 'a'.repeat(64), 'localhost'],
  ])("finds %s's registry: %s", (image, host) => {
    expect(registryHostOf(image)).toBe(host);
  });

  it('passes the credentials of the image registry only', () => {
    const auth = { 'registry:5000': { username: 'epoch', password: 's3cret' } };
    expect(authConfigFor('registry:5000/team/app:1', auth)).toEqual({
      username: 'epoch',
      password: 's3cret',
      serveraddress: 'registry:5000',
    });
    expect(authConfigFor('team/app:1', auth)).toBeUndefined();
  });
});
