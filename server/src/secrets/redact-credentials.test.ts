import { REDACTED_PLACEHOLDER, topologySchema } from '@epoch/shared';
import { describe, expect, it } from 'vitest';
import { looksLikeCredential, redactCredentials } from './redact-credentials.js';

describe('looksLikeCredential', () => {
  it.each([
    'Authorization',
    'proxy-authorization',
    'X-Auth-Token',
    'GITHUB_TOKEN',
    'client_secret',
    'DB_PASSWORD',
    'MYSQL_PASSWD',
    'API_KEY',
    'x-api-key',
    'AWS_SECRET_ACCESS_KEY',
    'GOOGLE_APPLICATION_CREDENTIALS',
    'Cookie',
  ])('redacts %s', (name) => expect(looksLikeCredential(name)).toBe(true));

  it.each(['GREETING', 'X-Team', 'Content-Type', 'PATH', 'LOG_LEVEL', 'Accept'])('shows %s', (name) =>
    expect(looksLikeCredential(name)).toBe(false),
  );
});

describe('redactCredentials', () => {
  it('redacts env values and headers by name, in composite tasks too, and nothing else', () => {
    const topology = topologySchema.parse({
      name: 't',
      trigger: { type: 'CRON', timeSpec: '0 0 * * * ?' },
      task: {
        type: 'COMPOSITE',
        tasks: [
          {
            type: 'CONTAINER_EXECUTION',
            taskName: 'c',
            executable: { url: 'busybox:1' },
            resources: [{ type: 'CPU', count: 1 }],
            env: { DB_PASSWORD: 'hunter2', GREETING: 'hello' },
          },
          {
            type: 'HTTP',
            taskName: 'h',
            url: 'https://example.com/hook',
            headers: { Authorization: 'Bearer abc', 'X-Team': 'a' },
          },
        ],
      },
    });
    const redacted = redactCredentials(topology);
    expect(redacted.task).toMatchObject({
      tasks: [
        { env: { DB_PASSWORD: REDACTED_PLACEHOLDER, GREETING: 'hello' } },
        { headers: { Authorization: REDACTED_PLACEHOLDER, 'X-Team': 'a' } },
      ],
    });
    // The input is left as it was: the stored topology must not change.
    expect(JSON.stringify(topology)).toContain('hunter2');
  });
});
