import type { Role, Topology, TopologyDetails } from '@epoch/shared';
import { redactCredentials } from '../secrets/redact-credentials.js';
import { showSecrets } from '../secrets/topology-secrets.js';

/**
 * A topology as a caller with `role` may see it: secrets as "<secret>" for everyone, credential-looking
 * `env`/`headers` as "<redacted>" for READ_ONLY. Every API answer and event carrying a topology goes through here.
 */
export function topologyView(topology: Topology, role: Role): Topology {
  const shown = showSecrets(topology);
  return role === 'READ_WRITE' ? shown : redactCredentials(shown);
}

export function topologyDetailsView(details: TopologyDetails, role: Role): TopologyDetails {
  return { ...details, topology: topologyView(details.topology, role) };
}
