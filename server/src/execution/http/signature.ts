import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Stripe-style webhook signatures: HMAC-SHA256 over "<unix seconds>.<raw body>". Binding the timestamp into the
 * MAC lets a receiver reject a captured request replayed later, not just a forged one.
 */
const SCHEME = 'sha256=';
const TIMESTAMP = /^\d{1,12}$/;

export const DEFAULT_SIGNATURE_TOLERANCE_SECONDS = 300;

/** The X-Epoch-Signature value for a body sent with X-Epoch-Timestamp `timestamp`. */
export function signEpochPayload(secret: string, timestamp: string, rawBody: string | Uint8Array): string {
  return SCHEME + createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex');
}

/**
 * For receivers: true when `signatureHeader` is Epoch's signature of `rawBody` (the bytes as received, before any
 * JSON parsing) and the timestamp is within `toleranceSeconds` of `nowSeconds`, either way.
 * Header arguments take node:http (`string | string[]`) and fetch (`string | null`) values alike; a repeated
 * header is rejected rather than guessed at.
 */
export function verifyEpochSignature(
  secret: string,
  timestampHeader: string | readonly string[] | null | undefined,
  signatureHeader: string | readonly string[] | null | undefined,
  rawBody: string | Uint8Array,
  nowSeconds: number,
  toleranceSeconds = DEFAULT_SIGNATURE_TOLERANCE_SECONDS,
): boolean {
  if (typeof timestampHeader !== 'string' || typeof signatureHeader !== 'string') return false;
  if (!TIMESTAMP.test(timestampHeader)) return false;
  if (Math.abs(nowSeconds - Number(timestampHeader)) > toleranceSeconds) return false;
  const expected = Buffer.from(signEpochPayload(secret, timestampHeader, rawBody));
  const given = Buffer.from(signatureHeader);
  // timingSafeEqual needs equal lengths; the length of a hex HMAC is public anyway.
  return given.length === expected.length && timingSafeEqual(given, expected);
}
