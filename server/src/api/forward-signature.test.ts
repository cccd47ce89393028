import { describe, expect, it } from 'vitest';
import {
  FORWARD_SIGNATURE_HEADER,
  FORWARDED_AT_HEADER,
  FORWARDED_FOR_HEADER,
  forwardingHeaders,
  forwardingKey,
  MAX_FORWARD_SKEW_MS,
  verifyForward,
  type ForwardedRequest,
} from './forward-signature.js';
import { ZkCredential } from '../zk/zk-credential.js';

const KEY = Buffer.alloc(32, 7);
const NOW = 1_900_000_000_000;
const request: ForwardedRequest = {
  method: 'PUT',
  url: '/apis/v1/topologies/x/run?a=1',
  clientAddress: '203.0.113.9',
  followerUrl: 'http://epoch-2:8080',
  at: NOW,
};
const verify = (headers: Record<string, string>, overrides: Partial<ForwardedRequest> = {}, now = NOW) =>
  verifyForward(KEY, headers, overrides.method ?? request.method, overrides.url ?? request.url, now);

describe('forwarded-request signatures', () => {
  it('accepts what a node holding the key signed, and tells who forwarded it for whom', () => {
    expect(verify(forwardingHeaders(KEY, request))).toEqual({
      ok: true,
      forwardedBy: 'http://epoch-2:8080',
      forwardedFor: '203.0.113.9',
    });
    // Within the allowed skew either way.
    expect(verify(forwardingHeaders(KEY, request), {}, NOW + MAX_FORWARD_SKEW_MS).ok).toBe(true);
    expect(verify(forwardingHeaders(KEY, request), {}, NOW - MAX_FORWARD_SKEW_MS).ok).toBe(true);
  });

  it('refuses a header without a signature, a wrong key, and any signed fact changed', () => {
    expect(verify({ 'x-epoch-forwarded-by': 'http://epoch-2:8080' })).toMatchObject({
      ok: false,
      reason: 'it is not signed by an Epoch node',
    });
    const signed = forwardingHeaders(KEY, request);
    expect(verify(forwardingHeaders(Buffer.alloc(32, 8), request))).toMatchObject({ ok: false });
    expect(verify(signed, { url: '/apis/v1/topologies/y/run?a=1' })).toMatchObject({
      ok: false,
      reason: 'its signature is not valid',
    });
    expect(verify(signed, { method: 'DELETE' }).ok).toBe(false);
    expect(verify({ ...signed, [FORWARDED_FOR_HEADER]: '198.51.100.1' }).ok).toBe(false);
    expect(verify({ ...signed, 'x-epoch-forwarded-by': 'http://evil:8080' }).ok).toBe(false);
    expect(verify({ ...signed, [FORWARD_SIGNATURE_HEADER]: 'abcd' }).ok).toBe(false);
    expect(verify({ ...signed, [FORWARD_SIGNATURE_HEADER]: 'not hex at all' }).ok).toBe(false);
  });

  it('refuses a signature older or newer than the allowed skew, and a malformed time', () => {
    const signed = forwardingHeaders(KEY, request);
    expect(verify(signed, {}, NOW + MAX_FORWARD_SKEW_MS + 1)).toMatchObject({
      ok: false,
      reason: 'its signature time is not within 60 s of now',
    });
    expect(verify(signed, {}, NOW - MAX_FORWARD_SKEW_MS - 1).ok).toBe(false);
    expect(verify({ ...signed, [FORWARDED_AT_HEADER]: `${NOW}.0` }).ok).toBe(false);
  });

  it('uses EPOCH_CLUSTER_SECRET when set, else a key derived from the ZooKeeper credential', () => {
    const credential = ZkCredential.parse('epoch:zk-password')!;
    const secret = 'a-cluster-secret-of-at-least-32-chars';
    expect(forwardingKey(credential, secret).toString()).toBe(secret);
    const derived = forwardingKey(credential);
    expect(derived.equals(forwardingKey(ZkCredential.parse('epoch:zk-password')!))).toBe(true);
    expect(derived.toString('utf8')).not.toContain('zk-password');
  });
});
