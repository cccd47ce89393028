// undici's connector with the egress policy in front: the host is resolved here, every address it resolves to is
// judged, and the socket connects to a judged address, so a name resolving to a refused address (or to a public
// one, then to a refused one: DNS rebinding) never gets a connection. TLS still verifies the URL's host name:
// undici takes the server name from `host`, which is left as it was.
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { Agent, buildConnector } from 'undici';
import { EgressDeniedError } from './egress-denied-error.js';
import { defaultPort, type EgressPolicy } from './egress-policy.js';

/** Every address a host name resolves to. */
export type ResolveHost = (host: string) => Promise<string[]>;

const resolveWithSystem: ResolveHost = async (host) =>
  (await dnsLookup(host, { all: true, order: 'verbatim' })).map((entry) => entry.address);

/**
 * The address to connect to for `host`: the host itself when it is an address, else the first it resolves to.
 * Rejects with EgressDeniedError when the policy refuses any of them; resolution errors pass on as they are.
 */
export async function judgedAddress(
  policy: EgressPolicy,
  destination: { host: string; port: number },
  resolve: ResolveHost = resolveWithSystem,
): Promise<string> {
  const { host, port } = destination;
  const addresses = isIP(host) ? [host] : await resolve(host);
  const refused = addresses.find((address) => !policy.allows({ host, address, port }));
  const [first] = addresses;
  if (refused !== undefined || first === undefined)
    throw new EgressDeniedError(host, refused ?? 'no address');
  return first;
}

export function guardedConnector(
  policy: EgressPolicy,
  resolve: ResolveHost = resolveWithSystem,
): buildConnector.connector {
  const connect = buildConnector({});
  return (options, callback) => {
    const destination = {
      host: options.hostname,
      port: Number(options.port) || defaultPort(options.protocol),
    };
    judgedAddress(policy, destination, resolve).then(
      (address) => connect({ ...options, hostname: address }, callback),
      (error: unknown) => callback(error instanceof Error ? error : new Error(String(error)), null),
    );
  };
}

/** An undici dispatcher whose every connection passes the egress policy; for all calls on a user's behalf. */
export function egressAgent(
  policy: EgressPolicy,
  options: Omit<Agent.Options, 'connect'> & { resolve?: ResolveHost } = {},
): Agent {
  const { resolve, ...agentOptions } = options;
  return new Agent({ ...agentOptions, connect: guardedConnector(policy, resolve) });
}
