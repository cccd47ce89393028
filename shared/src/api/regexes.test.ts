import { describe, expect, it } from 'vitest';
import {
  CONTAINER_USER_REGEX,
  DOCKER_IMAGE_REGEX,
  DURATION_REGEX,
  EMAILS_REGEX,
  LOG_SIZE_REGEX,
  SYSLOG_SERVER_REGEX,
  TOPOLOGY_NAME_REGEX,
} from './regexes.js';

describe('DOCKER_IMAGE_REGEX', () => {
  it.each([
    'busybox',
    'busybox:1.36',
    'epoch-test/busybox:1',
    'library/ubuntu:22.04',
    'registry.example.com/team/app:v1.2.3',
    'localhost:5000/app',
    'ghcr.io/phonepe/epoch:1.14',
    `app@sha256:${'0123456789abcdef'.repeat(4)}`,
    `registry.local:5000/team/app:1.0@sha256:${'f'.repeat(64)}`,
  ])('accepts %s', (image) => {
    expect(DOCKER_IMAGE_REGEX.test(image)).toBe(true);
  });

  it.each([
    '',
    'team/UpperCase',
    'app:',
    'app:.bad',
    '-leading/dash',
    'trailing_/x',
    'app@sha256:short',
    `app@sha256:${'G'.repeat(64)}`,
    'has space',
    'app:tag:again',
  ])('rejects %j', (image) => {
    expect(DOCKER_IMAGE_REGEX.test(image)).toBe(false);
  });
});

describe('Epoch name, email and duration patterns', () => {
  it('allows letters, digits, dash and underscore in topology names', () => {
    expect(TOPOLOGY_NAME_REGEX.test('Nightly_report-2')).toBe(true);
    expect(TOPOLOGY_NAME_REGEX.test('build.ui')).toBe(false);
  });

  it('accepts comma-separated emails with optional spaces', () => {
    expect(EMAILS_REGEX.test('a@b.io,c.d@e.com, f@g.org')).toBe(true);
    expect(EMAILS_REGEX.test('a@b.io;c@d.io')).toBe(false);
  });

  it('accepts Dropwizard durations', () => {
    expect(['120 seconds', '2m', '1 minute', '500ms'].every((d) => DURATION_REGEX.test(d))).toBe(true);
    expect(DURATION_REGEX.test('two minutes')).toBe(false);
  });
});

describe('container user, log size and syslog server patterns', () => {
  it('takes a user or uid, optionally with a group or gid', () => {
    for (const user of ['app', '_svc', 'www-data', '1000', '1000:1000', 'app:staff', '0'])
      expect(CONTAINER_USER_REGEX.test(user), user).toBe(true);
    for (const user of ['', 'a b', '1000:', ':1000', 'app:staff:x', '-app', 'app;rm', '12345678901'])
      expect(CONTAINER_USER_REGEX.test(user), user).toBe(false);
  });

  it('takes json-file sizes in k, m or g', () => {
    for (const size of ['1k', '500k', '10m', '1g']) expect(LOG_SIZE_REGEX.test(size), size).toBe(true);
    for (const size of ['', '10', '10M', '10mb', '0m', '1.5m', '-1m', ' 10m', '10 m'])
      expect(LOG_SIZE_REGEX.test(size), size).toBe(false);
  });

  it('takes udp, tcp and tcp+tls servers by name, dotted quad or bracketed IPv6', () => {
    for (const server of [
      'udp://logs.example.com:514',
      'tcp://logs',
      'tcp+tls://logs.example.com:6514',
      'udp://203.0.113.7:514',
      'udp://[2001:db8::1]:514',
    ])
      expect(SYSLOG_SERVER_REGEX.test(server), server).toBe(true);
    for (const server of [
      'logs.example.com:514',
      'unix:///dev/log',
      'http://logs.example.com',
      'udp://',
      'udp://2130706433',
      'udp://0177.0.0.1',
      'udp://0x7f.0.0.1',
      'udp://logs.example.com:514/path',
      'udp://user@logs.example.com',
    ])
      expect(SYSLOG_SERVER_REGEX.test(server), server).toBe(false);
  });
});
