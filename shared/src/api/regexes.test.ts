import { describe, expect, it } from 'vitest';
import { DOCKER_IMAGE_REGEX, DURATION_REGEX, EMAILS_REGEX, TOPOLOGY_NAME_REGEX } from './regexes.js';

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
