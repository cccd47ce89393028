import { describe, expect, it } from 'vitest';
import {
  authConfigFor,
  refusalReason,
  registryHostOf,
} from '../../src/runners/container/runtime/docker/registry-auth.js';

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

  it('says which credentials a registry refused, naming only its host, and leaves other failures as they are', () => {
    const auth = { 'registry:5000': { username: 'epoch', password: 's3cret' } };
    const refused = refusalReason('registry:5000/app:1', 'unauthorized: authentication required', auth);
    const missing = refusalReason(
      'other:5000/app:1',
      'Head "http://other:5000/v2/app/manifests/1": no basic auth credentials',
      auth,
    );

    expect(refused).toBe(
      'registry authentication failed (registry:5000 refused the credentials EPOCH_REGISTRY_AUTH has for it): ' +
        'unauthorized: authentication required',
    );
    expect(refused).not.toMatch(/epoch|s3cret/);
    expect(missing).toMatch(
      /^registry authentication failed \(EPOCH_REGISTRY_AUTH has no credentials for other:5000\)/,
    );
    expect(refusalReason('registry:5000/app:1', 'manifest unknown', auth)).toBe('manifest unknown');
  });
});
