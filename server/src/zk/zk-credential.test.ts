import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { digestId, ZkCredential } from './zk-credential.js';

describe('ZkCredential', () => {
  it('derives the digest id ZooKeeper itself computes', () => {
    // From ZooKeeper 3.8's DigestAuthenticationProvider main(), run on 'epoch:s3cret:with:colons'.
    expect(digestId('epoch', 's3cret:with:colons')).toBe('epoch:7Q+flbP80dvoR/sBPK5lzEvP7vE=');
    const credential = ZkCredential.parse('epoch:s3cret:with:colons')!;
    expect(credential.user).toBe('epoch');
    expect(credential.digestId).toBe('epoch:7Q+flbP80dvoR/sBPK5lzEvP7vE=');
    expect(credential.authData.toString()).toBe('epoch:s3cret:with:colons');
  });

  it('takes user:password only, the surrounding white space of a file trimmed', () => {
    expect(ZkCredential.parse('epoch:pw\n')?.user).toBe('epoch');
    for (const bad of ['', 'epoch', 'epoch:', ':pw', 'ep och:pw', 'epoch: pw']) {
      expect(ZkCredential.parse(bad), bad).toBeNull();
    }
  });

  it('never shows the password when printed, serialised or logged', () => {
    const credential = ZkCredential.parse('epoch:hunter2-secret')!;
    const shown = [
      String(credential),
      JSON.stringify({ credential }),
      inspect(credential),
      inspect({ nested: { credential } }, { depth: 5 }),
    ];
    for (const text of shown) expect(text).not.toContain('hunter2');
    expect(JSON.stringify(credential)).toBe('{"user":"epoch","password":"[redacted]"}');
  });

  it('derives the same key from the same credential, and different keys from different ones', () => {
    const a = ZkCredential.parse('epoch:one')!.deriveKey('purpose');
    expect(a).toHaveLength(32);
    expect(ZkCredential.parse('epoch:one')!.deriveKey('purpose').equals(a)).toBe(true);
    expect(ZkCredential.parse('epoch:two')!.deriveKey('purpose').equals(a)).toBe(false);
    expect(ZkCredential.parse('epoch:one')!.deriveKey('other').equals(a)).toBe(false);
  });
});
