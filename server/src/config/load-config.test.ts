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

describe('loadConfig', () => {
  it('has working defaults', () => {
    expect(loadConfig({})).toMatchObject({
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
      PORT: '9090',
      ZK_CONNECTION_STRING: 'zk1:2181,zk2:2181',
      ZK_ROOT: '/epoch-staging',
      EPOCH_ADVERTISE_URL: 'http://epoch-1.internal:9090',
      LOG_LEVEL: 'debug',
    });
    expect(config).toMatchObject({
      port: 9090,
      zkConnectionString: 'zk1:2181,zk2:2181',
      zkRoot: '/epoch-staging',
      advertiseUrl: 'http://epoch-1.internal:9090',
      logLevel: 'debug',
    });
  });

  it('overlays the environment on a YAML config file', () => {
    const file = tempFile('epoch.yaml', 'port: 7070\nzkRoot: /from-file\nlogLevel: warn\n');
    expect(loadConfig({ EPOCH_CONFIG_FILE: file, LOG_LEVEL: 'error' })).toMatchObject({
      port: 7070,
      zkRoot: '/from-file',
      logLevel: 'error',
    });
  });

  it('reads registry credentials and the volume allow-list from the environment', () => {
    const config = loadConfig({
      EPOCH_REGISTRY_AUTH: '{"registry.example.com:5000": {"username": "ci", "password": "s3cret"}}',
      EPOCH_VOLUME_ALLOWLIST: '/srv/data,/var/epoch',
    });
    expect(config.registryAuth).toEqual({
      'registry.example.com:5000': { username: 'ci', password: 's3cret' },
    });
    expect(config.volumeAllowList).toEqual(['/srv/data', '/var/epoch']);
    expect(() => loadConfig({ EPOCH_REGISTRY_AUTH: 'not json' })).toThrow(
      /registryAuth \(EPOCH_REGISTRY_AUTH\)/,
    );
    expect(() => loadConfig({ EPOCH_VOLUME_ALLOWLIST: 'relative/dir' })).toThrow(/volumeAllowList/);
  });

  it('reads the notification settings, the UI link base defaulting to the advertised URL', () => {
    expect(loadConfig({ EPOCH_ADVERTISE_URL: 'http://epoch-1:8080' })).toMatchObject({
      smtpPort: 587,
      smtpSecure: false,
      mailFrom: expect.stringMatching(/^epoch@/),
      notifyEmails: [],
      notifyWebhookFormat: 'JSON',
      notifyOnSuccess: false,
      uiUrl: 'http://epoch-1:8080',
    });
    const config = loadConfig({
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
      loadConfig({ EPOCH_NOTIFY_EMAILS: 'ops@', SMTP_SECURE: 'maybe', EPOCH_NOTIFY_WEBHOOK_URL: 'ftp://x' }),
    ).toThrow(
      /smtpSecure \(SMTP_SECURE\)[\s\S]*notifyEmails \(EPOCH_NOTIFY_EMAILS\)[\s\S]*notifyWebhookUrl \(EPOCH_NOTIFY_WEBHOOK_URL\)/,
    );
    expect(() => loadConfig({ EPOCH_NOTIFY_EMAILS: 'ops@example.com' })).toThrow(/smtpHost \(SMTP_HOST\)/);
  });

  it('names every bad setting with its variable', () => {
    const attempt = () => loadConfig({ PORT: 'eighty', ZK_ROOT: 'epoch', LOG_LEVEL: 'loud' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/port \(PORT\)[\s\S]*zkRoot \(ZK_ROOT\)[\s\S]*logLevel \(LOG_LEVEL\)/);
  });

  it('rejects unknown keys and unreadable files', () => {
    expect(() => loadConfig({ EPOCH_CONFIG_FILE: tempFile('c.yaml', 'prot: 1\n') })).toThrow(
      /unknown settings prot/,
    );
    expect(() => loadConfig({ EPOCH_CONFIG_FILE: '/no/such/file.yaml' })).toThrow(
      /Cannot read EPOCH_CONFIG_FILE/,
    );
  });
});
