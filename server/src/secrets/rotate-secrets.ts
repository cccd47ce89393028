import { ConflictError } from '@epoch/shared';
import type { TopologyStore } from '../store/topology-store.js';
import type { SecretKeyRing } from './secret-key-ring.js';
import { resealTopology } from './topology-secrets.js';

const MAX_CAS_ATTEMPTS = 5;

export interface RotationResult {
  /** Topologies rewritten, and the secrets in them sealed again with the current key. */
  topologies: string[];
  secrets: number;
  /** Topologies left as they were, each with why (a secret whose key is not in the ring). */
  failed: { topologyId: string; reason: string }[];
}

/**
 * Seals every stored secret not sealed by the ring's current key again with it, one topology at a time,
 * compare-and-set so a concurrent edit is read again rather than overwritten. Idempotent: a second pass finds
 * nothing to do. Safe while servers run, as long as they hold both keys (current and previous).
 */
export async function rotateSecrets(store: TopologyStore, ring: SecretKeyRing): Promise<RotationResult> {
  const result: RotationResult = { topologies: [], secrets: 0, failed: [] };
  for (const { id } of await store.list()) {
    try {
      const count = await resealOne(store, ring, id);
      if (count > 0) {
        result.topologies.push(id);
        result.secrets += count;
      }
    } catch (error) {
      result.failed.push({ topologyId: id, reason: (error as Error).message });
    }
  }
  return result;
}

async function resealOne(store: TopologyStore, ring: SecretKeyRing, id: string): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    const current = await store.get(id);
    if (!current) return 0;
    const { topology, count } = resealTopology(current.value.topology, ring);
    if (count === 0) return 0;
    try {
      await store.replace({ ...current.value, topology }, current.version);
      return count;
    } catch (error) {
      if (!(error instanceof ConflictError) || attempt >= MAX_CAS_ATTEMPTS) throw error;
    }
  }
}
