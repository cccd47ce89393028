import type { Role } from '@epoch/shared';

/** Which claim carries a user's groups or roles, and which values grant which role. */
export interface RoleMapping {
  /** A claim name; dots reach into nested claims (Keycloak's `realm_access.roles`). */
  claim: string;
  readWriteValues: string[];
  /** Empty: every other authenticated user may read. */
  readOnlyValues: string[];
}

/** The role the claims grant, or null when they grant none (the user may not use Epoch). */
export function roleFromClaims(claims: Record<string, unknown>, mapping: RoleMapping): Role | null {
  const values = claimValues(claims, mapping.claim);
  if (values.some((value) => mapping.readWriteValues.includes(value))) return 'READ_WRITE';
  if (mapping.readOnlyValues.length === 0) return 'READ_ONLY';
  return values.some((value) => mapping.readOnlyValues.includes(value)) ? 'READ_ONLY' : null;
}

/** A claim as a list of strings: arrays as they are, a string split on spaces (as OAuth's `scope`). */
export function claimValues(claims: Record<string, unknown>, path: string): string[] {
  let value: unknown = claims;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object') return [];
    value = (value as Record<string, unknown>)[key];
  }
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return typeof value === 'string' ? value.split(/\s+/).filter(Boolean) : [];
}

/** The friendliest name the claims offer, for the UI and the audit trail. */
export function displayName(claims: Record<string, unknown>): string {
  for (const key of ['preferred_username', 'email', 'name', 'client_id', 'sub']) {
    const value = claims[key];
    if (typeof value === 'string' && value) return value;
  }
  return 'unknown';
}
