import { z } from 'zod';

/**
 * What every read shows for a secret's value; sent back in an update, it means "keep the stored value".
 * Secrets are write-only: no answer, export, event or log carries their plaintext.
 */
export const SECRET_PLACEHOLDER = '<secret>';

/** What a READ_ONLY caller sees for an `env` value or header whose name looks like a credential. */
export const REDACTED_PLACEHOLDER = '<redacted>';

/** A process environment name as shells and Docker take it. */
export const ENV_NAME_REGEX = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** An RFC 9110 field name (a token). */
export const HEADER_NAME_REGEX = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64');

/**
 * A secret encrypted at rest (AES-256-GCM), as stored and as exported: the id of the key that sealed it
 * (the first 8 hex digits of the key's SHA-256), the IV, the ciphertext and the authentication tag.
 */
export const sealedSecretSchema = z
  .object({
    keyId: z.string().regex(/^[0-9a-f]{8}$/, 'must be 8 hex digits'),
    iv: base64,
    ciphertext: base64,
    tag: base64,
  })
  .strict()
  .meta({ id: 'SealedSecret', description: 'A secret value encrypted with the server key `keyId`.' });

export type SealedSecret = z.infer<typeof sealedSecretSchema>;

/** Large enough for a certificate or a service-account JSON; a znode stays far below 1 MB. */
export const MAX_SECRET_LENGTH = 16_384;

/**
 * A secret's value: in a request the plaintext, or `"<secret>"` for "unchanged"; in a read, always
 * `"<secret>"`; in storage and in an export, the sealed form.
 */
export const secretValueSchema = z.union([z.string().min(1).max(MAX_SECRET_LENGTH), sealedSecretSchema]);

export type SecretValue = z.infer<typeof secretValueSchema>;

export function isSealedSecret(value: SecretValue): value is SealedSecret {
  return typeof value === 'object';
}

/** Secrets by name; absent in an update, the stored ones are kept. */
export const secretMapSchema = (nameRegex: RegExp, nameMessage: string) =>
  z
    .record(z.string().regex(nameRegex), secretValueSchema, {
      error: (issue) => (issue.code === 'invalid_key' ? nameMessage : undefined),
    })
    .optional();
