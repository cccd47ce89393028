import type { CurrentUser, Role } from '@epoch/shared';
import { createHash, randomBytes } from 'node:crypto';

export interface ApiTokenEntry {
  name: string;
  sha256: string;
  role: Role;
}

/** Tokens start with this, so they are told apart from JWTs and found by secret scanners. */
export const API_TOKEN_PREFIX = 'epoch_';

/** 32 random bytes: far beyond guessing, so a plain SHA-256 is a safe way to store them. */
export function newApiToken(): string {
  return `${API_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

export function hashApiToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Static tokens for automation, known to the server only by their hashes. */
export class ApiTokens {
  private readonly byHash: Map<string, ApiTokenEntry>;

  constructor(entries: ApiTokenEntry[]) {
    this.byHash = new Map(entries.map((entry) => [entry.sha256, entry]));
  }

  get isEmpty(): boolean {
    return this.byHash.size === 0;
  }

  verify(token: string): Pick<CurrentUser, 'name' | 'role'> | null {
    const entry = this.byHash.get(hashApiToken(token));
    return entry ? { name: `token:${entry.name}`, role: entry.role } : null;
  }
}
