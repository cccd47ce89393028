import type { SealedSecret } from '@epoch/shared';
import { keyIdOf, openSecret, sealSecret } from './secret-crypto.js';

/** Why a sealed secret cannot be opened; the message names the key id, never a value. */
export class SecretOpenError extends Error {
  override readonly name = 'SecretOpenError';
}

/**
 * The server's secret keys: the current one seals, the current and the previous ones open, so a rotation
 * (new current key, old one kept as previous until `npm run secrets:rotate` re-sealed everything) needs no
 * downtime. With no key at all, nothing can be sealed and secrets are refused at the API.
 */
export class SecretKeyRing {
  private readonly keys = new Map<string, Buffer>();
  readonly currentKeyId: string | null;

  constructor(
    private readonly current: Buffer | null,
    previous: readonly Buffer[] = [],
  ) {
    for (const key of [...previous, ...(current ? [current] : [])]) this.keys.set(keyIdOf(key), key);
    this.currentKeyId = current && keyIdOf(current);
  }

  static readonly EMPTY = new SecretKeyRing(null);

  get canSeal(): boolean {
    return this.current !== null;
  }

  seal(plaintext: string, aad: string): SealedSecret {
    if (!this.current) throw new SecretOpenError('no secrets key is configured (EPOCH_SECRETS_KEY)');
    return sealSecret(this.current, plaintext, aad);
  }

  /** Throws SecretOpenError when the key is not held or the ciphertext does not match its place. */
  open(sealed: SealedSecret, aad: string): string {
    const key = this.keys.get(sealed.keyId);
    if (!key)
      throw new SecretOpenError(`sealed with key id ${sealed.keyId}, which this server does not hold`);
    const plaintext = openSecret(key, sealed, aad);
    if (plaintext === null)
      throw new SecretOpenError(`cannot be decrypted with key id ${sealed.keyId} (altered or moved)`);
    return plaintext;
  }
}

/** The ring from the configuration (EPOCH_SECRETS_KEY, EPOCH_SECRETS_PREVIOUS_KEYS). */
export function secretKeyRing(config: {
  secretsKey?: Buffer | undefined;
  secretsPreviousKeys: Buffer[];
}): SecretKeyRing {
  return new SecretKeyRing(config.secretsKey ?? null, config.secretsPreviousKeys);
}
