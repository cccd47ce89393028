// One entry of EPOCH_EGRESS_ALLOW / EPOCH_EGRESS_DENY: a network (CIDR or a single address) or a host name, each
// optionally limited to one port. Pure: the policy (egress-policy.ts) decides with these.
import { isIP } from 'node:net';

export type IpFamily = 'ipv4' | 'ipv6';

export type EgressRule =
  | { kind: 'network'; address: string; prefix: number; family: IpFamily; port?: number }
  /** `*.example.com` matches every name below example.com, not example.com itself. */
  | { kind: 'host'; name: string; wildcard: boolean; port?: number };

export type ParsedRule = { ok: true; rule: EgressRule } | { ok: false; error: string };

const HOST_NAME = /^(\*\.)?([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?\.)*[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?$/;

/**
 * `10.0.0.0/8`, `127.0.0.2`, `127.0.0.2:9000`, `::1`, `[::1]:9000`, `fd00::/8`, `hooks.internal`,
 * `hooks.internal:8443` or `*.internal`.
 */
export function parseEgressRule(text: string): ParsedRule {
  const entry = text.trim().toLowerCase();
  const fail = (why: string): ParsedRule => ({ ok: false, error: `"${text}": ${why}` });
  const split = splitPort(entry);
  if (!split) return fail('the port must be a number from 1 to 65535');
  const { target, port } = split;
  const withPort = port === undefined ? {} : { port };

  const [address = '', prefixText] = target.split('/');
  const family = familyOf(address);
  if (family) {
    const bits = family === 'ipv4' ? 32 : 128;
    const prefix = prefixText === undefined ? bits : Number(prefixText);
    if (!/^\d{1,3}$/.test(prefixText ?? String(bits)) || prefix > bits)
      return fail(`the prefix length must be 0 to ${bits}`);
    return { ok: true, rule: { kind: 'network', address, prefix, family, ...withPort } };
  }
  const name = target.replace(/\.$/, '');
  if (prefixText !== undefined || !HOST_NAME.test(name) || name.length > 253)
    return fail('not an address, a CIDR (10.0.0.0/8), a host name, or one of these with ":port"');
  const wildcard = name.startsWith('*.');
  return { ok: true, rule: { kind: 'host', name: wildcard ? name.slice(2) : name, wildcard, ...withPort } };
}

/** Every entry parsed, or the errors of those that are not rules. */
export function parseEgressRules(entries: readonly string[]): { rules: EgressRule[]; errors: string[] } {
  const rules: EgressRule[] = [];
  const errors: string[] = [];
  for (const entry of entries) {
    const parsed = parseEgressRule(entry);
    if (parsed.ok) rules.push(parsed.rule);
    else errors.push(parsed.error);
  }
  return { rules, errors };
}

export function familyOf(address: string): IpFamily | undefined {
  const version = isIP(address);
  return version === 4 ? 'ipv4' : version === 6 ? 'ipv6' : undefined;
}

/** `[v6]:port`, `v4:port` and `name:port` carry a port; a bare IPv6 address has colons but none. */
function splitPort(entry: string): { target: string; port?: number } | null {
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(entry);
  if (bracketed) return withPort(bracketed[1] ?? '', bracketed[2]);
  const colons = entry.split(':').length - 1;
  const at = entry.lastIndexOf(':');
  // Not digits after the one colon: no port, and no address either (a URL, say), which the caller reports.
  if (colons !== 1 || !/^\d+$/.test(entry.slice(at + 1))) return { target: entry };
  return withPort(entry.slice(0, at), entry.slice(at + 1));
}

function withPort(target: string, portText: string | undefined): { target: string; port?: number } | null {
  if (portText === undefined) return { target };
  const port = Number(portText);
  return /^\d{1,5}$/.test(portText) && port >= 1 && port <= 65_535 ? { target, port } : null;
}
