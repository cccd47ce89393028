import { describe, expect, it } from 'vitest';
import { parseEgressRule, parseEgressRules } from './egress-rules.js';

const rule = (text: string) => {
  const parsed = parseEgressRule(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.rule;
};

describe('parseEgressRule', () => {
  it('reads networks, single addresses and their ports', () => {
    expect(rule('10.0.0.0/8')).toEqual({ kind: 'network', address: '10.0.0.0', prefix: 8, family: 'ipv4' });
    expect(rule('127.0.0.2')).toEqual({ kind: 'network', address: '127.0.0.2', prefix: 32, family: 'ipv4' });
    expect(rule('127.0.0.2:9000')).toMatchObject({ address: '127.0.0.2', prefix: 32, port: 9000 });
    expect(rule('::1')).toEqual({ kind: 'network', address: '::1', prefix: 128, family: 'ipv6' });
    expect(rule('[::1]:8443')).toMatchObject({ address: '::1', prefix: 128, port: 8443 });
    expect(rule(' FD00::/8 ')).toMatchObject({ address: 'fd00::', prefix: 8, family: 'ipv6' });
  });

  it('reads host names, with a port, a trailing dot or a wildcard', () => {
    expect(rule('Hooks.Internal.example')).toEqual({
      kind: 'host',
      name: 'hooks.internal.example',
      wildcard: false,
    });
    expect(rule('hooks.internal:8443')).toEqual({
      kind: 'host',
      name: 'hooks.internal',
      wildcard: false,
      port: 8443,
    });
    expect(rule('localhost.')).toEqual({ kind: 'host', name: 'localhost', wildcard: false });
    expect(rule('*.svc.cluster.local')).toEqual({ kind: 'host', name: 'svc.cluster.local', wildcard: true });
  });

  it('refuses what is none of these, naming the entry', () => {
    for (const [text, why] of [
      ['10.0.0.0/33', 'prefix length must be 0 to 32'],
      ['::1/129', 'prefix length must be 0 to 128'],
      ['10.0.0.0/x', 'prefix length'],
      ['hooks/8', 'not an address'],
      ['127.0.0.1:0', 'port must be a number'],
      ['127.0.0.1:70000', 'port must be a number'],
      ['[::1]:http', 'port must be a number'],
      ['http://hooks.example', 'not an address'],
      ['under_score..double', 'not an address'],
      ['*', 'not an address'],
      ['a.*.b', 'not an address'],
    ] as const) {
      const parsed = parseEgressRule(text);
      expect(parsed, text).toEqual({ ok: false, error: expect.stringContaining(why) });
      expect(parsed.ok || parsed.error.startsWith(`"${text}"`)).toBe(true);
    }
  });

  it('collects every bad entry of a list', () => {
    expect(parseEgressRules(['10.0.0.0/8', 'bad/1', 'a:b'])).toEqual({
      rules: [expect.objectContaining({ address: '10.0.0.0' })],
      errors: [expect.stringContaining('"bad/1"'), expect.stringContaining('"a:b"')],
    });
  });
});
