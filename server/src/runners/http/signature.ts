import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * HTTP task signatures: HMAC-SHA256 over the request's timestamp, method, URL, task id and raw body, one per
 * line. The timestamp lets a receiver refuse a captured request replayed later; the method, URL and task id
 * keep a signed request from being replayed at once against another endpoint of the receiver, or as another
 * task's call with the same body.
 */
const SCHEME = 'sha256=';
const TIMESTAMP = /^\d{1,12}$/;

export const DEFAULT_SIGNATURE_TOLERANCE_SECONDS = 300;

/** What a signature covers, as sent: the URL without credentials (`origin` + path + query). */
export interface SignedRequest {
  /** Unix seconds, as sent in X-Epoch-Timestamp. */
  timestamp: string;
  method: string;
  url: string;
  /** As sent in X-Epoch-Task-Id. */
  taskId: string;
  body: string | Uint8Array;
}

/** The X-Epoch-Signature value: "sha256=" + hex HMAC-SHA256 of "<timestamp>\n<METHOD>\n<url>\n<task id>\n<body>". */
export function signEpochRequest(secret: string, request: SignedRequest): string {
  const { timestamp, method, url, taskId, body } = request;
  return (
    SCHEME +
    createHmac('sha256', secret)
      .update(`${timestamp}\n${method.toUpperCase()}\n${url}\n${taskId}\n`)
      .update(body)
      .digest('hex')
  );
}

/** Header values as node:http (`string | string[]`) and fetch (`string | null`) give them. */
type HeaderValue = string | readonly string[] | null | undefined;

/** What a receiver saw: the headers Epoch sent, its method, the URL it was called at and the raw body. */
export interface ReceivedRequest {
  timestamp: HeaderValue;
  signature: HeaderValue;
  taskId: HeaderValue;
  method: string;
  url: string;
  /** The bytes as received, before any JSON parsing. */
  body: string | Uint8Array;
}

/**
 * For receivers: true when the request carries Epoch's signature of what it is, and its timestamp is within
 * `toleranceSeconds` of `nowSeconds`, either way. A repeated header is rejected rather than guessed at.
 */
export function verifyEpochSignature(
  secret: string,
  received: ReceivedRequest,
  nowSeconds: number,
  toleranceSeconds = DEFAULT_SIGNATURE_TOLERANCE_SECONDS,
): boolean {
  const { timestamp, signature, taskId } = received;
  if (typeof timestamp !== 'string' || typeof signature !== 'string' || typeof taskId !== 'string')
    return false;
  if (!TIMESTAMP.test(timestamp)) return false;
  if (Math.abs(nowSeconds - Number(timestamp)) > toleranceSeconds) return false;
  const expected = Buffer.from(signEpochRequest(secret, { ...received, timestamp, taskId }));
  const given = Buffer.from(signature);
  // timingSafeEqual needs equal lengths; the length of a hex HMAC is public anyway.
  return given.length === expected.length && timingSafeEqual(given, expected);
}
