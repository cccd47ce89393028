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

export function guardedConnector(
  policy: EgressPolicy,
  resolve: ResolveHost = resolveWithSystem,
): buildConnector.connector {
  const connect = buildConnector({});
  return (options, callback) => {
    const port = Number(options.port) || defaultPort(options.protocol);
    const host = options.hostname;
    const addressesOf = isIP(host) ? Promise.resolve([host]) : resolve(host);
    addressesOf.then(
      (addresses) => {
        const refused = addresses.find((address) => !policy.allows({ host, address, port }));
        const [first] = addresses;
        if (refused !== undefined || first === undefined) {
          callback(new EgressDeniedError(host, refused ?? 'no address'), null);
          return;
        }
        connect({ ...options, hostname: first }, callback);
      },
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
