import { describe, expect, it } from 'vitest';
import { hostNameOf } from './host-check.js';

describe('hostNameOf', () => {
  it('reads names, IPv4 and bracketed IPv6 hosts, with or without a port', () => {
    expect(hostNameOf('localhost:8080')).toBe('localhost');
    expect(hostNameOf('LocalHost')).toBe('localhost');
    expect(hostNameOf('127.0.0.1:8080')).toBe('127.0.0.1');
    expect(hostNameOf('[::1]:8080')).toBe('::1');
  });

  it('refuses what is not a host', () => {
    for (const header of [undefined, '', 'evil.example/path', 'user@localhost', 'a b', 'localhost:8080?x'])
      expect(hostNameOf(header)).toBeUndefined();
  });
});
