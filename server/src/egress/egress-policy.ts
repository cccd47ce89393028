// The egress policy: may a call made on a user's behalf (an HTTP task, a webhook, a syslog server) connect to this
// address? Judged on the address the socket connects to, after DNS (guarded-connector.ts), never on URL text
// alone. Precedence: an explicit deny, then an explicit allow, then the default deny list, then allow.
import { BlockList } from 'node:net';
import { DEFAULT_DENIED_RANGES } from './default-denied-ranges.js';
import {
  familyOf,
  parseEgressRule,
  parseEgressRules,
  type EgressRule,
  type IpFamily,
} from './egress-rules.js';
import { hostNetworks } from './host-networks.js';

/** As configured (EPOCH_EGRESS_ALLOW, EPOCH_EGRESS_DENY): plain strings, so a worker thread can be given them. */
export interface EgressSettings {
  allow: readonly string[];
  deny: readonly string[];
}

export interface Destination {
  /** The host name of the URL (an address when the URL has one), lower case, without brackets. */
  host: string;
  /** The address the socket would connect to. */
  address: string;
  port: number;
}

export class EgressPolicy {
  private readonly allowRules: readonly RuleMatcher[];
  private readonly denyRules: readonly RuleMatcher[];
  private readonly defaultDenied = new BlockList();

  /**
   * `settings` are kept to rebuild the policy where an object cannot go (a worker thread). `localNetworks`: this
   * machine's own addresses and bridges (host-networks.ts), denied by default too.
   */
  constructor(
    readonly settings: EgressSettings,
    localNetworks: readonly string[] = hostNetworks(),
  ) {
    this.allowRules = matchersOf(settings.allow);
    this.denyRules = matchersOf(settings.deny);
    for (const range of [...DEFAULT_DENIED_RANGES, ...localNetworks]) addRange(this.defaultDenied, range);
  }

  allows(destination: Destination): boolean {
    const address = unmapped(destination.address);
    const family = familyOf(address);
    if (!family) return false;
    const target = { ...destination, host: normalHost(destination.host), address, family };
    if (this.denyRules.some((matches) => matches(target))) return false;
    if (this.allowRules.some((matches) => matches(target))) return true;
    return !this.defaultDenied.check(address, family);
  }

  /**
   * Whether a URL names an address literally (`http://127.0.0.1/`, `http://[::1]/`, `http://2130706433/`) that
   * the policy refuses: such a definition can never run, so it is refused when written. Host names are judged
   * at connect time only: what they resolve to may change.
   */
  refusesLiteral(url: string): boolean {
    if (!URL.canParse(url)) return false;
    const { host, port } = urlDestination(new URL(url));
    if (!familyOf(host)) return false;
    return !this.allows({ host, address: host, port });
  }
}

/** The port a URL without one connects to: HTTP's, or syslog's for a container's RSYSLOG server. */
const DEFAULT_PORTS: Readonly<Record<string, number>> = {
  'http:': 80,
  'https:': 443,
  'udp:': 514,
  'tcp:': 514,
  'tcp+tls:': 6514,
};

export function defaultPort(protocol: string): number {
  return DEFAULT_PORTS[protocol] ?? 80;
}

/** Where a URL points: its host without an IPv6 address's brackets, and its port or the scheme's default. */
export function urlDestination(url: URL): { host: string; port: number } {
  return { host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port) || defaultPort(url.protocol) };
}

interface Target extends Destination {
  family: IpFamily;
}

type RuleMatcher = (target: Target) => boolean;

function matchersOf(entries: readonly string[]): RuleMatcher[] {
  const { rules, errors } = parseEgressRules(entries);
  // The configuration is validated at start with the same parser: an error here is a bug of the caller.
  if (errors.length > 0) throw new Error(`invalid egress rules: ${errors.join('; ')}`);
  return rules.map(matcherOf);
}

function matcherOf(rule: EgressRule): RuleMatcher {
  const portMatches = (target: Target) => rule.port === undefined || rule.port === target.port;
  if (rule.kind === 'host') {
    const suffix = `.${rule.name}`;
    return (target) =>
      portMatches(target) && (rule.wildcard ? target.host.endsWith(suffix) : target.host === rule.name);
  }
  const network = new BlockList();
  network.addSubnet(rule.address, rule.prefix, rule.family);
  return (target) => portMatches(target) && network.check(target.address, target.family);
}

/** A CIDR, read as an EPOCH_EGRESS_* network entry is. */
function addRange(list: BlockList, cidr: string): void {
  const parsed = parseEgressRule(cidr);
  if (!parsed.ok || parsed.rule.kind !== 'network') throw new Error(`not a network: ${cidr}`);
  list.addSubnet(parsed.rule.address, parsed.rule.prefix, parsed.rule.family);
}

/** `::ffff:127.0.0.1` is 127.0.0.1: judged, and allowed, as the IPv4 address it is. */
function unmapped(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped?.[1] ?? address.toLowerCase();
}

function normalHost(host: string): string {
  return host
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
}
