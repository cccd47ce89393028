import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load-config.js';
import { authSettings } from './auth-settings.js';

/** The ZooKeeper credential every configuration needs. */
const ZK = { ZK_AUTH: 'epoch:zk-password' };

const usersOf = (env: Record<string, string>) =>
  authSettings(loadConfig({ ...ZK, ...env })).settings.users.map(
    ({ username, password }) => `${username}/${password}`,
  );

describe('authSettings: development credentials', () => {
  it('opens admin/admin and guest/guest only while no password is set, and warns', () => {
    const { settings, warnings } = authSettings(loadConfig({ ...ZK, EPOCH_DEV_CREDENTIALS: 'true' }));
    expect(settings.users.map((user) => `${user.username}/${user.password}`)).toEqual([
      'admin/admin',
      'guest/guest',
    ]);
    expect(warnings.join('\n')).toMatch(/DEVELOPMENT CREDENTIALS IN USE/);
  });

  it('leaves no well-known password open once either password is set', () => {
    expect(usersOf({ EPOCH_DEV_CREDENTIALS: 'true', ADMIN_PASSWORD: 's3cret' })).toEqual(['admin/s3cret']);
    expect(usersOf({ EPOCH_DEV_CREDENTIALS: 'true', GUEST_PASSWORD: 'look' })).toEqual(['guest/look']);
    const { warnings } = authSettings(
      loadConfig({ ...ZK, EPOCH_DEV_CREDENTIALS: 'true', ADMIN_PASSWORD: 's3cret' }),
    );
    expect(warnings.join('\n')).not.toMatch(/DEVELOPMENT CREDENTIALS/);
  });
});
