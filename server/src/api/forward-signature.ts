import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { ZkCredential } from '../zk/zk-credential.js';

/** The follower that forwarded the request (its advertised URL). */
export const FORWARDED_BY_HEADER = 'x-epoch-forwarded-by';
/** The address of the client the follower served. */
export const FORWARDED_FOR_HEADER = 'x-epoch-forwarded-for';
/** When the follower forwarded it, epoch ms. */
export const FORWARDED_AT_HEADER = 'x-epoch-forwarded-at';
/** HMAC-SHA256 (hex) over the four facts above plus method and URL, with the key every node shares. */
export const FORWARD_SIGNATURE_HEADER = 'x-epoch-forward-signature';

/** Every header a follower sets: a client's own copies are dropped before forwarding. */
export const FORWARDING_HEADERS = [
  FORWARDED_BY_HEADER,
  FORWARDED_FOR_HEADER,
  FORWARDED_AT_HEADER,
  FORWARD_SIGNATURE_HEADER,
] as const;

/** How far a signature's time may be from the leader's: forwarding takes milliseconds; clocks drift. */
export const MAX_FORWARD_SKEW_MS = 60_000;

/**
 * The key every node signs and checks forwarded requests with: EPOCH_CLUSTER_SECRET when set, else one derived
 * from the ZooKeeper credential, which every node of a cluster holds already (no new mandatory setting).
 */
export function forwardingKey(credential: ZkCredential, clusterSecret?: string): Buffer {
  return clusterSecret ? Buffer.from(clusterSecret) : credential.deriveKey('epoch forwarded requests');
}

export interface ForwardedRequest {
  method: string;
  /** The path and query as the client sent them (the leader sees the same). */
  url: string;
  clientAddress: string;
  followerUrl: string;
  /** Epoch ms. */
  at: number;
}

export type ForwardCheck =
  { ok: true; forwardedBy: string; forwardedFor: string } | { ok: false; reason: string };

/** A JSON array: no choice of field values can make two different requests sign the same text. */
const signedText = (request: ForwardedRequest): string =>
  JSON.stringify([
    request.at,
    request.method.toUpperCase(),
    request.url,
    request.clientAddress,
    request.followerUrl,
  ]);

export function signForward(key: Buffer, request: ForwardedRequest): string {
  return createHmac('sha256', key).update(signedText(request)).digest('hex');
}

/** The headers a follower adds to a request it forwards. */
export function forwardingHeaders(key: Buffer, request: ForwardedRequest): Record<string, string> {
  return {
    [FORWARDED_BY_HEADER]: request.followerUrl,
    [FORWARDED_FOR_HEADER]: request.clientAddress,
    [FORWARDED_AT_HEADER]: String(request.at),
    [FORWARD_SIGNATURE_HEADER]: signForward(key, request),
  };
}

const single = (value: string | string[] | undefined): string | undefined =>
  Array.isArray(value) ? undefined : value;

/** Whether a request that says it was forwarded was signed by a node holding `key`, recently. */
export function verifyForward(
  key: Buffer,
  headers: IncomingHttpHeaders,
  method: string,
  url: string,
  now: number,
): ForwardCheck {
  const followerUrl = single(headers[FORWARDED_BY_HEADER]);
  const clientAddress = single(headers[FORWARDED_FOR_HEADER]);
  const atText = single(headers[FORWARDED_AT_HEADER]);
  const signature = single(headers[FORWARD_SIGNATURE_HEADER]);
  if (!followerUrl || clientAddress === undefined || !atText || !signature) {
    return { ok: false, reason: 'it is not signed by an Epoch node' };
  }
  const at = Number(atText);
  if (!/^\d{1,16}$/.test(atText) || Math.abs(now - at) > MAX_FORWARD_SKEW_MS) {
    return { ok: false, reason: `its signature time is not within ${MAX_FORWARD_SKEW_MS / 1000} s of now` };
  }
  const expected = Buffer.from(signForward(key, { method, url, clientAddress, followerUrl, at }), 'hex');
  const given = Buffer.from(signature, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'its signature is not valid' };
  }
  return { ok: true, forwardedBy: followerUrl, forwardedFor: clientAddress };
}
