/**
 * loadConfig for the settings that guard Epoch: authentication, secrets keys, the ZooKeeper credential and
 * cluster secret, and how clients are met (listen address, Host names, trusted proxies). The other settings
 * are in load-config.test.ts.
 */
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './load-config.js';

const tempFile = (name: string, text: string) => {
  const path = join(mkdtempSync(join(tmpdir(), 'epoch-config-')), name);
  writeFileSync(path, text);
  return path;
};

/** The ZooKeeper credential every configuration needs. */
const ZK = { ZK_AUTH: 'epoch:zk-password' };
/** Settings unrelated to authentication are tested without it. */
const NO_AUTH = { ...ZK, EPOCH_AUTH_DISABLED: 'true' };

describe('loadConfig: authentication', () => {
  it('refuses to start with no way to authenticate unless auth is explicitly disabled', () => {
    expect(() => loadConfig({})).toThrow(
      /authDisabled \(EPOCH_AUTH_DISABLED\): no authentication is configured/,
    );
    expect(loadConfig({ ...ZK, EPOCH_AUTH_DISABLED: 'true' }).authDisabled).toBe(true);
    expect(loadConfig({ ...ZK, EPOCH_DEV_CREDENTIALS: 'true' }).devCredentials).toBe(true);
    expect(loadConfig({ ...ZK, GUEST_PASSWORD: 'g' }).guestPassword).toBe('g');
  });

  it('reads API tokens as JSON and names the bad entry field', () => {
    const entry = { name: 'ci', sha256: 'a'.repeat(64), role: 'READ_WRITE' };
    expect(loadConfig({ ...ZK, EPOCH_API_TOKENS: JSON.stringify([entry]) }).apiTokens).toEqual([entry]);
    expect(() =>
      loadConfig({ ...ZK, EPOCH_API_TOKENS: JSON.stringify([{ ...entry, sha256: 'abc' }]) }),
    ).toThrow(/apiTokens \(EPOCH_API_TOKENS\): must be the hex SHA-256/);
    expect(() =>
      loadConfig({ ...ZK, EPOCH_API_TOKENS: JSON.stringify([{ ...entry, role: 'ROOT' }]) }),
    ).toThrow(/apiTokens \(EPOCH_API_TOKENS\)/);
  });

  it('needs a client id and a shared session secret with OIDC, and derives the callback and audience', () => {
    const oidc = { ...ZK, EPOCH_OIDC_ISSUER: 'https://id.example.com/realms/ops' };
    expect(() => loadConfig(oidc)).toThrow(/oidcClientId \(EPOCH_OIDC_CLIENT_ID\)[\s\S]*sessionSecret/);
    expect(() =>
      loadConfig({ ...oidc, EPOCH_OIDC_CLIENT_ID: 'epoch', EPOCH_SESSION_SECRET: 'short' }),
    ).toThrow(/sessionSecret \(EPOCH_SESSION_SECRET\): must be at least 32 characters/);
    const config = loadConfig({
      ...oidc,
      EPOCH_OIDC_CLIENT_ID: 'epoch',
      EPOCH_SESSION_SECRET: 's'.repeat(32),
      EPOCH_UI_URL: 'https://epoch.example.com',
      EPOCH_OIDC_READ_WRITE_VALUES: 'ops, admins',
      EPOCH_OIDC_ROLE_CLAIM: 'realm_access.roles',
    });
    expect(config).toMatchObject({
      oidcRedirectUrl: 'https://epoch.example.com/auth/callback',
      oidcAudience: 'epoch',
      oidcScopes: 'openid profile email',
      oidcReadWriteValues: ['ops', 'admins'],
      oidcReadOnlyValues: [],
      oidcRoleClaim: 'realm_access.roles',
    });
  });
});

describe('secrets keys', () => {
  const hexKey = 'ab'.repeat(32);
  const base64Key = Buffer.alloc(32, 7).toString('base64');

  it('takes the current key and the previous ones as 32 bytes, hex or base64', () => {
    const config = loadConfig({
      ...NO_AUTH,
      EPOCH_SECRETS_KEY: hexKey,
      EPOCH_SECRETS_PREVIOUS_KEYS: `${base64Key}, ${'cd'.repeat(32)}`,
    });
    expect(config.secretsKey).toEqual(Buffer.from(hexKey, 'hex'));
    expect(config.secretsPreviousKeys).toEqual([Buffer.alloc(32, 7), Buffer.from('cd'.repeat(32), 'hex')]);
  });

  it('has no key by default', () => {
    const config = loadConfig(NO_AUTH);
    expect(config.secretsKey).toBeUndefined();
    expect(config.secretsPreviousKeys).toEqual([]);
  });

  it.each([
    ['too short', 'abcd'],
    ['31 bytes of base64', Buffer.alloc(31).toString('base64')],
    ['a passphrase', 'correct horse battery staple'],
  ])('stops at start naming a bad EPOCH_SECRETS_KEY (%s), without echoing it', (_case, key) => {
    expect(() => loadConfig({ ...NO_AUTH, EPOCH_SECRETS_KEY: key })).toThrow(
      /secretsKey \(EPOCH_SECRETS_KEY\): must be 32 bytes as 64 hex digits or base64/,
    );
    try {
      loadConfig({ ...NO_AUTH, EPOCH_SECRETS_KEY: key });
    } catch (error) {
      expect((error as ConfigError).message).not.toContain(key);
    }
  });

  it('names a bad previous key', () => {
    expect(() =>
      loadConfig({ ...NO_AUTH, EPOCH_SECRETS_KEY: hexKey, EPOCH_SECRETS_PREVIOUS_KEYS: 'nope' }),
    ).toThrow(/secretsPreviousKeys \(EPOCH_SECRETS_PREVIOUS_KEYS\): must be 32 bytes/);
  });
});

describe('loadConfig: ZooKeeper credential', () => {
  const fileWith = (text: string) => {
    const path = tempFile('zk-auth', text);
    chmodSync(path, 0o600);
    return path;
  };

  it('is required, and the message says how to give it', () => {
    expect(() => loadConfig({ EPOCH_AUTH_DISABLED: 'true' })).toThrow(
      /zkAuth \(ZK_AUTH\): required: .*set ZK_AUTH=user:password .* or ZK_AUTH_FILE=/,
    );
  });

  it('comes from ZK_AUTH or from the file ZK_AUTH_FILE names, its user shown and its password never', () => {
    const fromEnv = loadConfig({ ...NO_AUTH, ZK_AUTH: 'epoch:pw:with:colons' });
    expect(fromEnv.zkCredential.user).toBe('epoch');
    expect(fromEnv.zkCredential.authData.toString()).toBe('epoch:pw:with:colons');
    expect(JSON.stringify(fromEnv)).not.toContain('pw:with:colons');
    expect(fromEnv).not.toHaveProperty('zkAuth');
    const fromFile = loadConfig({
      EPOCH_AUTH_DISABLED: 'true',
      ZK_AUTH_FILE: fileWith('epoch-file:file-password\n'),
    });
    expect(fromFile.zkCredential.authData.toString()).toBe('epoch-file:file-password');
  });

  it('names the field when it is not user:password, without echoing it', () => {
    for (const bad of ['no-colon-secret', 'epoch:', ':secret-pw', 'ep och:secret-pw']) {
      let message = '';
      try {
        loadConfig({ ...NO_AUTH, ZK_AUTH: bad });
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        message = (error as Error).message;
      }
      expect(message, bad).toMatch(/zkAuth \(ZK_AUTH\): must be user:password/);
      expect(message).not.toContain('secret');
    }
    const bad = fileWith('just-a-secret-word');
    expect(() => loadConfig({ EPOCH_AUTH_DISABLED: 'true', ZK_AUTH_FILE: bad })).toThrow(
      /zkAuthFile \(ZK_AUTH_FILE\): .*zk-auth must hold user:password/,
    );
    expect(() => loadConfig({ EPOCH_AUTH_DISABLED: 'true', ZK_AUTH_FILE: '/no/such/zk-auth' })).toThrow(
      /zkAuthFile \(ZK_AUTH_FILE\): cannot read \/no\/such\/zk-auth: ENOENT/,
    );
    expect(() => loadConfig({ ...NO_AUTH, ZK_AUTH_FILE: fileWith('a:b') })).toThrow(
      /zkAuthFile \(ZK_AUTH_FILE\): set ZK_AUTH or ZK_AUTH_FILE, not both/,
    );
  });

  it('takes EPOCH_CLUSTER_SECRET of 32 characters or more', () => {
    expect(loadConfig({ ...NO_AUTH, EPOCH_CLUSTER_SECRET: 'c'.repeat(32) }).clusterSecret).toBe(
      'c'.repeat(32),
    );
    expect(() => loadConfig({ ...NO_AUTH, EPOCH_CLUSTER_SECRET: 'short' })).toThrow(
      /clusterSecret \(EPOCH_CLUSTER_SECRET\): must be at least 32 characters/,
    );
  });
});

describe('loadConfig: how clients are met', () => {
  it('reads HOST, EPOCH_ALLOWED_HOSTS and EPOCH_TRUST_PROXY, with safe defaults', () => {
    const defaults = loadConfig(NO_AUTH);
    expect(defaults).toMatchObject({ allowedHosts: [], trustProxy: false });
    expect(defaults.host).toBeUndefined();
    const config = loadConfig({
      ...NO_AUTH,
      HOST: '127.0.0.1',
      EPOCH_ALLOWED_HOSTS: 'localhost, 127.0.0.1',
      EPOCH_TRUST_PROXY: 'loopback, 10.0.0.0/8, fd00::1',
    });
    expect(config).toMatchObject({
      host: '127.0.0.1',
      allowedHosts: ['localhost', '127.0.0.1'],
      trustProxy: ['loopback', '10.0.0.0/8', 'fd00::1'],
    });
    expect(loadConfig({ ...NO_AUTH, EPOCH_TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ ...NO_AUTH, EPOCH_TRUST_PROXY: 'TRUE' }).trustProxy).toBe(true);
  });

  it('names a bad address to listen on or a bad proxy entry', () => {
    expect(() => loadConfig({ ...NO_AUTH, HOST: 'localhost' })).toThrow(
      /host \(HOST\): must be an IP address/,
    );
    expect(() => loadConfig({ ...NO_AUTH, EPOCH_TRUST_PROXY: 'loopback,10.0.0.0/33,lb.internal' })).toThrow(
      /trustProxy \(EPOCH_TRUST_PROXY\): .*not 10\.0\.0\.0\/33, lb\.internal/,
    );
  });
});
