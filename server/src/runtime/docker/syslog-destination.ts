// A topology's RSYSLOG server is a network destination the Docker daemon connects to on the user's behalf,
// from the engine's host: aimed at that host itself or the networks behind it (a metadata service, internal
// admin ports), it would let a topology author reach what they cannot. Until Epoch's egress policy can judge
// it, this refuses the plain cases: literal loopback, link-local, private and unspecified addresses (also
// inside IPv4-mapped, NAT64 and 6to4 IPv6 addresses) and `localhost`. A host name is resolved by the daemon,
// out of Epoch's sight, so it cannot be checked here; the shared schema already refuses numeric spellings
// (`2130706433`) that a resolver would read as an address.
import { BlockList, isIPv6 } from 'node:net';
import { InvalidContainerSpecError } from '../runtime-errors.js';

const DENIED = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
] as const)
  DENIED.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['2002::', 16],
  ['fc00::', 7],
  ['fe80::', 10],
] as const)
  DENIED.addSubnet(network, prefix, 'ipv6');

const IPV4 = /^\d+\.\d+\.\d+\.\d+$/;
const LOCALHOST = /(^|\.)localhost$/i;

/** Throws InvalidContainerSpecError when `server` (a SYSLOG_SERVER_REGEX address) aims at a denied host. */
export function assertSyslogServerAllowed(server: string): void {
  const host = server.replace(/^[a-z+]+:\/\//, '').replace(/:\d+$/, '');
  const address = host.startsWith('[') ? host.slice(1, -1) : host;
  const denied =
    LOCALHOST.test(address) ||
    (IPV4.test(address) && DENIED.check(address, 'ipv4')) ||
    (isIPv6(address) && DENIED.check(address, 'ipv6'));
  if (denied) {
    throw new InvalidContainerSpecError(
      `logging.server ${server} is not allowed: the Docker daemon would send the log to a loopback, ` +
        'link-local, private or unspecified address on its own network',
    );
  }
}
