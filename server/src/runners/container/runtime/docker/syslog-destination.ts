// A topology's RSYSLOG server is a network destination the Docker daemon sends to on the task author's behalf,
// from the engine's host: aimed at that host or the networks behind it (a metadata service, internal ports), it
// would reach what the author cannot. It passes the same egress policy as HTTP tasks, on the addresses its host
// resolves to here, at each launch. The daemon resolves the name again itself when the container starts; on a
// remote engine, or for a name whose answers change, that second answer is out of Epoch's sight.
import { EgressDeniedError } from '../../../../egress/egress-denied-error.js';
import { urlDestination, type EgressPolicy } from '../../../../egress/egress-policy.js';
import { judgedAddress, type ResolveHost } from '../../../../egress/guarded-connector.js';
import { InvalidContainerSpecError } from '../runtime-errors.js';

/**
 * Rejects with InvalidContainerSpecError when the policy refuses `server` (a SYSLOG_SERVER_REGEX address);
 * a failed resolution passes on as it is, since it may pass.
 */
export async function assertSyslogServerAllowed(
  server: string,
  policy: EgressPolicy,
  resolve?: ResolveHost,
): Promise<void> {
  try {
    await judgedAddress(policy, urlDestination(new URL(server)), resolve);
  } catch (error) {
    if (!(error instanceof EgressDeniedError)) throw error;
    throw new InvalidContainerSpecError(`logging.server ${server} is not allowed: ${error.message}`);
  }
}
