/**
 * loadConfig: where settings come from, and the settings for cluster basics, containers, egress,
 * notifications and retention. The settings that guard Epoch (authentication, secrets, ZooKeeper credential,
 * clients) are in load-config-access.test.ts.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
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

describe('loadConfig', () => {
  it('has working defaults', () => {
    expect(loadConfig(NO_AUTH)).toMatchObject({
      port: 8080,
      zkConnectionString: '127.0.0.1:2181',
      zkRoot: '/epoch',
      zkSessionTimeoutMs: 15_000,
      logLevel: 'info',
      advertiseUrl: expect.stringMatching(/^http:\/\/.+:8080$/),
    });
  });

  it('reads environment variables by their documented names', () => {
    const config = loadConfig({
      ...NO_AUTH,
      PORT: '9090',
      ZK_CONNECTION_STRING: 'zk1:2181,zk2:2181',
      ZK_ROOT: '/epoch-staging',
      EPOCH_ADVERTISE_URL: 'http://epoch-1.internal:9090',
      LOG_LEVEL: 'debug',
      EPOCH_CLAIM_AHEAD_MS: '0',
    });
    expect(config).toMatchObject({
      port: 9090,
      zkConnectionString: 'zk1:2181,zk2:2181',
      zkRoot: '/epoch-staging',
      advertiseUrl: 'http://epoch-1.internal:9090',
      logLevel: 'debug',
      claimAheadMs: 0,
    });
  });

  it('overlays the environment on a YAML config file', () => {
    const file = tempFile('epoch.yaml', 'port: 7070\nzkRoot: /from-file\nlogLevel: warn\n');
    expect(loadConfig({ ...NO_AUTH, EPOCH_CONFIG_FILE: file, LOG_LEVEL: 'error' })).toMatchObject({
      port: 7070,
      zkRoot: '/from-file',
      logLevel: 'error',
    });
  });

  it('reads registry credentials and the volume allow-list from the environment', () => {
    const config = loadConfig({
      ...NO_AUTH,
      EPOCH_REGISTRY_AUTH: '{"registry.example.com:5000": {"username": "ci", "password": "s3cret"}}',
      EPOCH_VOLUME_ALLOWLIST: '/srv/data,/var/epoch',
    });
    expect(config.registryAuth).toEqual({
      'registry.example.com:5000': { username: 'ci', password: 's3cret' },
    });
    expect(config.volumeAllowList).toEqual(['/srv/data', '/var/epoch']);
    expect(() => loadConfig({ ...NO_AUTH, EPOCH_REGISTRY_AUTH: 'not json' })).toThrow(
      /registryAuth \(EPOCH_REGISTRY_AUTH\)/,
    );
    expect(() => loadConfig({ ...NO_AUTH, EPOCH_VOLUME_ALLOWLIST: 'relative/dir' })).toThrow(
      /volumeAllowList/,
    );
  });

  it('reads the egress rules, empty by default, and names a bad entry with its variable', () => {
    expect(loadConfig(NO_AUTH)).toMatchObject({ egressAllow: [], egressDeny: [] });
    const config = loadConfig({
      ...NO_AUTH,
      EPOCH_EGRESS_ALLOW: '10.0.0.0/8, hooks.internal:8443,[::1]:9000',
      EPOCH_EGRESS_DENY: '93.184.216.0/24',
    });
    expect(config.egressAllow).toEqual(['10.0.0.0/8', 'hooks.internal:8443', '[::1]:9000']);
    expect(config.egressDeny).toEqual(['93.184.216.0/24']);
    expect(() => loadConfig({ ...NO_AUTH, EPOCH_EGRESS_ALLOW: '10.0.0.0/8,10.0.0.0/40' })).toThrow(
      /egressAllow \(EPOCH_EGRESS_ALLOW\): "10.0.0.0\/40": the prefix length must be 0 to 32/,
    );
    expect(() => loadConfig({ ...NO_AUTH, EPOCH_NOTIFY_WEBHOOK_URL: 'http://10.1.2.3/hook' })).toThrow(
      /notifyWebhookUrl \(EPOCH_NOTIFY_WEBHOOK_URL\): its address is refused by the egress policy/,
    );
    expect(
      loadConfig({
        ...NO_AUTH,
        EPOCH_NOTIFY_WEBHOOK_URL: 'http://10.1.2.3/hook',
        EPOCH_EGRESS_ALLOW: '10.1.2.3',
      }).notifyWebhookUrl,
    ).toBe('http://10.1.2.3/hook');
    expect(() =>
      loadConfig({ ...NO_AUTH, EPOCH_NOTIFY_WEBHOOK_URL: 'http://10.1.2.3/hook', EPOCH_EGRESS_ALLOW: 'x/1' }),
    ).toThrow(ConfigError);
    expect(() => loadConfig({ ...NO_AUTH, EPOCH_EGRESS_DENY: 'https://tracker.example/' })).toThrow(
      /egressDeny \(EPOCH_EGRESS_DENY\): "https:\/\/tracker.example\/": not an address/,
    );
  });

  it('hardens task containers by default, and reads what the operator tunes', () => {
    const defaults = loadConfig(NO_AUTH);
    expect(defaults).toMatchObject({
      containerCaps: [],
      containerPidsLimit: 512,
      defaultMemoryMb: 512,
      volumesTrustEnginePaths: false,
    });
    expect(defaults.containerUser).toBeUndefined();
    expect(
      loadConfig({
        ...NO_AUTH,
        EPOCH_CONTAINER_CAPS: 'NET_BIND_SERVICE, cap_chown',
        EPOCH_CONTAINER_PIDS_LIMIT: '64',
        EPOCH_DEFAULT_MEMORY_MB: '256',
        EPOCH_CONTAINER_USER: '1000:1000',
        EPOCH_VOLUMES_TRUST_ENGINE_PATHS: 'true',
      }),
    ).toMatchObject({
      containerCaps: ['NET_BIND_SERVICE', 'CHOWN'],
      containerPidsLimit: 64,
      defaultMemoryMb: 256,
      containerUser: '1000:1000',
      volumesTrustEnginePaths: true,
    });
  });

  it.each([
    ['EPOCH_CONTAINER_CAPS', 'NET_BIND_SERVICE,NET_BIND', 'containerCaps'],
    ['EPOCH_CONTAINER_CAPS', 'ALL', 'containerCaps'],
    ['EPOCH_CONTAINER_PIDS_LIMIT', '0', 'containerPidsLimit'],
    ['EPOCH_CONTAINER_PIDS_LIMIT', '-1', 'containerPidsLimit'],
    ['EPOCH_CONTAINER_PIDS_LIMIT', 'many', 'containerPidsLimit'],
    ['EPOCH_DEFAULT_MEMORY_MB', '2', 'defaultMemoryMb'],
    ['EPOCH_DEFAULT_MEMORY_MB', '1.5', 'defaultMemoryMb'],
    ['EPOCH_CONTAINER_USER', 'root user', 'containerUser'],
    ['EPOCH_CONTAINER_USER', '1000:', 'containerUser'],
    ['EPOCH_VOLUMES_TRUST_ENGINE_PATHS', 'perhaps', 'volumesTrustEnginePaths'],
  ])('refuses to start with %s=%s, naming it', (variable, value, key) => {
    expect(() => loadConfig({ ...NO_AUTH, [variable]: value })).toThrow(`${key} (${variable})`);
  });

  it('runs containers on the Docker Engine unless EPOCH_RUNTIME chooses Swarm', () => {
    expect(loadConfig(NO_AUTH)).toMatchObject({ runtime: 'docker', swarmAcceptUnenforced: [] });
    expect(
      loadConfig({
        ...NO_AUTH,
        EPOCH_RUNTIME: 'swarm',
        EPOCH_SWARM_ACCEPT_UNENFORCED: 'no-new-privileges, memory-swap',
      }),
    ).toMatchObject({ runtime: 'swarm', swarmAcceptUnenforced: ['no-new-privileges', 'memory-swap'] });
  });

  it.each([
    ['EPOCH_RUNTIME', 'kubernetes', 'runtime'],
    ['EPOCH_RUNTIME', 'Docker', 'runtime'],
    ['EPOCH_SWARM_ACCEPT_UNENFORCED', 'no-new-privileges,everything', 'swarmAcceptUnenforced'],
  ])('refuses to start with %s=%s, naming it and what it may be', (variable, value, key) => {
    expect(() => loadConfig({ ...NO_AUTH, [variable]: value })).toThrow(
      new RegExp(`${key} \\(${variable}\\): .*"swarm"|${key} \\(${variable}\\): .*"memory-swap"`),
    );
  });

  it('reads the notification settings, the UI link base defaulting to the advertised URL', () => {
    expect(loadConfig({ ...NO_AUTH, EPOCH_ADVERTISE_URL: 'http://epoch-1:8080' })).toMatchObject({
      smtpPort: 587,
      smtpSecure: false,
      mailFrom: expect.stringMatching(/^epoch@/),
      notifyEmails: [],
      notifyWebhookFormat: 'JSON',
      notifyOnSuccess: false,
      uiUrl: 'http://epoch-1:8080',
    });
    const config = loadConfig({
      ...NO_AUTH,
      SMTP_HOST: 'smtp.example.com',
      SMTP_PORT: '465',
      SMTP_SECURE: 'true',
      EPOCH_NOTIFY_EMAILS: 'ops@example.com, dev@example.com',
      EPOCH_NOTIFY_WEBHOOK_URL: 'https://hooks.slack.com/services/x',
      EPOCH_NOTIFY_WEBHOOK_FORMAT: 'SLACK',
      EPOCH_UI_URL: 'https://epoch.example.com/',
    });
    expect(config).toMatchObject({
      smtpHost: 'smtp.example.com',
      smtpPort: 465,
      smtpSecure: true,
      notifyEmails: ['ops@example.com', 'dev@example.com'],
      notifyWebhookUrl: 'https://hooks.slack.com/services/x',
      notifyWebhookFormat: 'SLACK',
      uiUrl: 'https://epoch.example.com',
    });
    expect(() =>
      loadConfig({
        ...NO_AUTH,
        EPOCH_NOTIFY_EMAILS: 'ops@',
        SMTP_SECURE: 'maybe',
        EPOCH_NOTIFY_WEBHOOK_URL: 'ftp://x',
      }),
    ).toThrow(
      /smtpSecure \(SMTP_SECURE\)[\s\S]*notifyEmails \(EPOCH_NOTIFY_EMAILS\)[\s\S]*notifyWebhookUrl \(EPOCH_NOTIFY_WEBHOOK_URL\)/,
    );
    expect(() => loadConfig({ ...NO_AUTH, EPOCH_NOTIFY_EMAILS: 'ops@example.com' })).toThrow(
      /smtpHost \(SMTP_HOST\)/,
    );
  });

  it('names every bad setting with its variable', () => {
    const attempt = () => loadConfig({ ...NO_AUTH, PORT: 'eighty', ZK_ROOT: 'epoch', LOG_LEVEL: 'loud' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/port \(PORT\)[\s\S]*zkRoot \(ZK_ROOT\)[\s\S]*logLevel \(LOG_LEVEL\)/);
    for (const value of ['-1', '60001', 'soon', '1.5'])
      expect(() => loadConfig({ ...NO_AUTH, EPOCH_CLAIM_AHEAD_MS: value })).toThrow(
        /claimAheadMs \(EPOCH_CLAIM_AHEAD_MS\)/,
      );
  });

  it('keeps 20 skipped runs per topology by default, and names a bad EPOCH_SKIPPED_RUNS_KEEP', () => {
    expect(loadConfig(NO_AUTH).runsSkippedKeep).toBe(20);
    expect(loadConfig({ ...NO_AUTH, EPOCH_SKIPPED_RUNS_KEEP: '0' }).runsSkippedKeep).toBe(0);
    for (const value of ['-1', 'some', '2.5', '100001'])
      expect(() => loadConfig({ ...NO_AUTH, EPOCH_SKIPPED_RUNS_KEEP: value })).toThrow(
        /runsSkippedKeep \(EPOCH_SKIPPED_RUNS_KEEP\)/,
      );
  });

  it('takes the SHA-256 of a scrape token, and names a token given in the clear', () => {
    const sha256 = 'ab'.repeat(32);
    expect(loadConfig({ ...NO_AUTH, EPOCH_METRICS_TOKEN: sha256 }).metricsToken).toBe(sha256);
    expect(loadConfig({ ...NO_AUTH, EPOCH_METRICS_PUBLIC: 'true' }).metricsPublic).toBe(true);
    expect(() => loadConfig({ ...NO_AUTH, EPOCH_METRICS_TOKEN: 'my-scrape-token' })).toThrow(
      /metricsToken \(EPOCH_METRICS_TOKEN\): must be the hex SHA-256 of the scrape token/,
    );
  });

  it('keeps at most 80,000 runs in all by default, and names a bad EPOCH_RUNS_MAX_TOTAL', () => {
    expect(loadConfig(NO_AUTH).runsMaxTotal).toBe(80_000);
    expect(loadConfig({ ...NO_AUTH, EPOCH_RUNS_MAX_TOTAL: '1500000' }).runsMaxTotal).toBe(1_500_000);
    for (const value of ['99', 'lots', '1e3.5', '-5'])
      expect(() => loadConfig({ ...NO_AUTH, EPOCH_RUNS_MAX_TOTAL: value })).toThrow(
        /runsMaxTotal \(EPOCH_RUNS_MAX_TOTAL\)/,
      );
  });

  it('rejects unknown keys and unreadable files', () => {
    expect(() => loadConfig({ ...NO_AUTH, EPOCH_CONFIG_FILE: tempFile('c.yaml', 'prot: 1\n') })).toThrow(
      /unknown settings prot/,
    );
    expect(() => loadConfig({ ...NO_AUTH, EPOCH_CONFIG_FILE: '/no/such/file.yaml' })).toThrow(
      /Cannot read EPOCH_CONFIG_FILE/,
    );
  });
});
