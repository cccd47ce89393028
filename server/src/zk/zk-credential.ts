import { createHash, hkdfSync } from 'node:crypto';
import { inspect } from 'node:util';

/** `user:password`, the form ZooKeeper's digest scheme takes; the user may not hold a colon, the password may. */
export const ZK_CREDENTIAL_REGEX = /^[^:\s]+:\S.*$/;
export const ZK_CREDENTIAL_FORMAT = 'must be user:password (a user without ":", then a non-empty password)';

const REDACTED = '[redacted]';

/**
 * The digest credential every Epoch node authenticates its ZooKeeper session with. It prints its user only,
 * so logging a config or an error that holds it never shows the password.
 */
export class ZkCredential {
  readonly user: string;
  readonly #password: string;

  private constructor(user: string, password: string) {
    this.user = user;
    this.#password = password;
  }

  /** Parses `user:password`; null when it is not of that form (the caller names the setting). */
  static parse(text: string): ZkCredential | null {
    const trimmed = text.trim();
    if (!ZK_CREDENTIAL_REGEX.test(trimmed)) return null;
    const colon = trimmed.indexOf(':');
    return new ZkCredential(trimmed.slice(0, colon), trimmed.slice(colon + 1));
  }

  /** What addAuthInfo('digest', …) sends: the clear `user:password`. */
  get authData(): Buffer {
    return Buffer.from(`${this.user}:${this.#password}`);
  }

  /** The ACL id ZooKeeper derives from it: `user:base64(sha1("user:password"))`. */
  get digestId(): string {
    return digestId(this.user, this.#password);
  }

  /** A 32-byte key for `purpose`, the same on every node holding this credential (HKDF-SHA256). */
  deriveKey(purpose: string): Buffer {
    return Buffer.from(hkdfSync('sha256', this.authData, 'epoch', purpose, 32));
  }

  toJSON(): { user: string; password: string } {
    return { user: this.user, password: REDACTED };
  }

  toString(): string {
    return `${this.user}:${REDACTED}`;
  }

  [inspect.custom](): string {
    return `ZkCredential(${this.toString()})`;
  }
}

export function digestId(user: string, password: string): string {
  return `${user}:${createHash('sha1').update(`${user}:${password}`).digest('base64')}`;
}
