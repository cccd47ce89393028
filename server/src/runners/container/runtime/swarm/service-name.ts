// Swarm service names are DNS labels (letters and digits, with "-" or "_" only between them, at most 63
// characters), which container names (container-name.ts: a dot, up to 200 characters) are not. The service name
// is derived from the container name, deterministically, so a second launch still finds the first one's service;
// the container name itself travels in a label, and is what the runtime reports, so callers never see the
// difference.
import { createHash } from 'node:crypto';

/** On the service and its containers: the name Epoch knows the task's container by. */
export const CONTAINER_NAME_LABEL = 'io.epoch.container-name';

const MAX_SERVICE_NAME_LENGTH = 63;
const HASH_LENGTH = 12;
const OUTSIDE_DNS_LABEL = /[^a-zA-Z0-9-]+/g;

/**
 * A readable head of the container name and a hash of all of it: the hash keeps two names apart that read
 * alike once shortened and sanitised (`a.b-c` and `a-b.c`).
 */
export function serviceNameFor(containerName: string): string {
  const hash = createHash('sha256').update(containerName).digest('hex').slice(0, HASH_LENGTH);
  const room = MAX_SERVICE_NAME_LENGTH - HASH_LENGTH - 1;
  const head = containerName.replace(OUTSIDE_DNS_LABEL, '-').slice(0, room).replace(/-+$/, '');
  return head === '' ? hash : `${head}-${hash}`;
}
