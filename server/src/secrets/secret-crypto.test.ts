import { describe, expect, it } from 'vitest';
import { keyIdOf, openSecret, parseSecretKey, sealSecret } from './secret-crypto.js';

const key = Buffer.alloc(32, 1);
const otherKey = Buffer.alloc(32, 2);

describe('parseSecretKey', () => {
  it('reads 64 hex digits and 32 bytes of base64, padded or not', () => {
    expect(parseSecretKey('01'.repeat(32))).toEqual(key);
    expect(parseSecretKey(key.toString('base64'))).toEqual(key);
    expect(parseSecretKey(key.toString('base64').replace(/=$/, ''))).toEqual(key);
    expect(parseSecretKey(` ${'01'.repeat(32)}\n`)).toEqual(key);
  });

  it('refuses anything that is not 32 bytes', () => {
    for (const text of [
      '',
      '01'.repeat(31),
      Buffer.alloc(16).toString('base64'),
      'x'.repeat(44),
      'a passphrase',
    ])
      expect(parseSecretKey(text)).toBeNull();
  });
});

describe('sealSecret and openSecret', () => {
  it('round-trips, naming the key by the first 8 hex digits of its SHA-256', () => {
    const sealed = sealSecret(key, 's3cr3t-välue', 'aad');
    expect(sealed.keyId).toBe('72cd6e84');
    expect(keyIdOf(key)).toBe(sealed.keyId);
    expect(openSecret(key, sealed, 'aad')).toBe('s3cr3t-välue');
  });

  it('uses a fresh IV per value, so equal values do not look equal', () => {
    const a = sealSecret(key, 'same', 'aad');
    const b = sealSecret(key, 'same', 'aad');
    expect(a.iv).not.toBe(b.iv);
    expect(a.ciphertext).not.toBe(b.ciphertext);
    expect(Buffer.from(a.iv, 'base64')).toHaveLength(12);
    expect(Buffer.from(a.tag, 'base64')).toHaveLength(16);
  });

  it('does not open with another key, other associated data, or altered bytes', () => {
    const sealed = sealSecret(key, 'value', 'topology-a/FOO');
    expect(openSecret(otherKey, sealed, 'topology-a/FOO')).toBeNull();
    expect(openSecret(key, sealed, 'topology-b/FOO')).toBeNull();
    const flipped = Buffer.from(sealed.ciphertext, 'base64');
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    expect(
      openSecret(key, { ...sealed, ciphertext: flipped.toString('base64') }, 'topology-a/FOO'),
    ).toBeNull();
    expect(openSecret(key, { ...sealed, iv: 'AAAA' }, 'topology-a/FOO')).toBeNull();
  });
});
