// verifyEpochSignature: what a receiver accepts, and every way a request must be refused.
import { describe, expect, it } from 'vitest';
import { signEpochPayload, verifyEpochSignature } from '../../src/execution/http/signature.js';

const SECRET = 'whsec_unit';
const NOW = 1_795_341_601;
const BODY = '{"amount":100}';
const signed = (timestamp: string, body: string | Uint8Array = BODY) =>
  signEpochPayload(SECRET, timestamp, body);

describe('signEpochPayload', () => {
  it('is "sha256=" + hex HMAC-SHA256 of "<timestamp>.<body>" (a known vector)', () => {
    // openssl: printf '1795341601.{"amount":100}' | openssl dgst -sha256 -hmac whsec_unit
    expect(signed(String(NOW))).toBe(
      'sha256=655b297129f681657f3f877395d9148cd17efc19bba4be92a853d2c90b9be81d',
    );
  });

  it('signs bytes and the same text alike', () => {
    expect(signed(String(NOW), Buffer.from(BODY))).toBe(signed(String(NOW)));
  });
});

describe('verifyEpochSignature', () => {
  const ts = String(NOW);
  it.each<{ name: string; args: Parameters<typeof verifyEpochSignature>; ok: boolean }>([
    { name: 'valid', args: [SECRET, ts, signed(ts), BODY, NOW], ok: true },
    { name: 'valid, raw bytes', args: [SECRET, ts, signed(ts), Buffer.from(BODY), NOW], ok: true },
    { name: 'at the edge of the tolerance', args: [SECRET, ts, signed(ts), BODY, NOW + 300], ok: true },
    { name: 'custom tolerance', args: [SECRET, ts, signed(ts), BODY, NOW + 30, 10], ok: false },
    { name: 'too old (replay)', args: [SECRET, ts, signed(ts), BODY, NOW + 301], ok: false },
    { name: 'too far in the future', args: [SECRET, ts, signed(ts), BODY, NOW - 301], ok: false },
    { name: 'tampered body', args: [SECRET, ts, signed(ts), '{"amount":900}', NOW], ok: false },
    { name: 'wrong secret', args: ['other', ts, signed(ts), BODY, NOW], ok: false },
    {
      name: 'timestamp swapped for a fresh one',
      args: [SECRET, String(NOW + 1), signed(ts), BODY, NOW],
      ok: false,
    },
    { name: 'missing timestamp', args: [SECRET, undefined, signed(ts), BODY, NOW], ok: false },
    { name: 'missing signature', args: [SECRET, ts, null, BODY, NOW], ok: false },
    { name: 'non-numeric timestamp', args: [SECRET, `${ts}.5`, signed(`${ts}.5`), BODY, NOW], ok: false },
    { name: 'repeated header', args: [SECRET, [ts, ts], signed(ts), BODY, NOW], ok: false },
    {
      name: 'other scheme',
      args: [SECRET, ts, signed(ts).replace('sha256=', 'sha1=__'), BODY, NOW],
      ok: false,
    },
    { name: 'truncated signature', args: [SECRET, ts, signed(ts).slice(0, -2), BODY, NOW], ok: false },
  ])('$name → $ok', ({ args, ok }) => {
    expect(verifyEpochSignature(...args)).toBe(ok);
  });
});
