// verifyEpochSignature: what a receiver accepts, and every way a request must be refused.
import { describe, expect, it } from 'vitest';
import {
  signEpochRequest,
  verifyEpochSignature,
  type ReceivedRequest,
} from '../../src/runners/http/signature.js';

const SECRET = 'whsec_unit';
const NOW = 1_795_341_601;
const SENT = {
  timestamp: String(NOW),
  method: 'POST',
  url: 'https://hooks.example.com/billing?run=1',
  taskId: 'topo-1795341601000-charge',
  body: '{"amount":100}',
};
const SIGNATURE = signEpochRequest(SECRET, SENT);
const received = (changes: Partial<ReceivedRequest> = {}): ReceivedRequest => ({
  ...SENT,
  signature: SIGNATURE,
  ...changes,
});

describe('signEpochRequest', () => {
  it('is "sha256=" + hex HMAC-SHA256 of timestamp, method, URL, task id and body, one per line (a known vector)', () => {
    // printf '1795341601\nPOST\nhttps://hooks.example.com/billing?run=1\ntopo-1795341601000-charge\n{"amount":100}' \
    //   | openssl dgst -sha256 -hmac whsec_unit
    expect(SIGNATURE).toBe('sha256=6c2680d1069a73e716e429298302b33f95f5663d234c1fde4d4676bfa319f2c0');
  });

  it('signs bytes and the same text alike', () => {
    expect(signEpochRequest(SECRET, { ...SENT, body: Buffer.from(SENT.body) })).toBe(SIGNATURE);
  });
});

describe('verifyEpochSignature', () => {
  it.each<{ name: string; request: ReceivedRequest; now?: number; tolerance?: number; ok: boolean }>([
    { name: 'valid', request: received(), ok: true },
    { name: 'valid, raw bytes', request: received({ body: Buffer.from(SENT.body) }), ok: true },
    { name: 'method in another case', request: received({ method: 'post' }), ok: true },
    { name: 'at the edge of the tolerance', request: received(), now: NOW + 300, ok: true },
    { name: 'custom tolerance', request: received(), now: NOW + 30, tolerance: 10, ok: false },
    { name: 'too old (replay)', request: received(), now: NOW + 301, ok: false },
    { name: 'too far in the future', request: received(), now: NOW - 301, ok: false },
    { name: 'tampered body', request: received({ body: '{"amount":900}' }), ok: false },
    {
      name: 'replayed to another path',
      request: received({ url: 'https://hooks.example.com/refund?run=1' }),
      ok: false,
    },
    {
      name: 'replayed with another query',
      request: received({ url: 'https://hooks.example.com/billing?run=2' }),
      ok: false,
    },
    { name: 'replayed as another method', request: received({ method: 'DELETE' }), ok: false },
    {
      name: 'replayed as another task',
      request: received({ taskId: 'topo-1795341601000-refund' }),
      ok: false,
    },
    {
      name: 'timestamp swapped for a fresh one',
      request: received({ timestamp: String(NOW + 1) }),
      ok: false,
    },
    { name: 'missing timestamp', request: received({ timestamp: undefined }), ok: false },
    { name: 'missing signature', request: received({ signature: null }), ok: false },
    { name: 'missing task id', request: received({ taskId: undefined }), ok: false },
    { name: 'non-numeric timestamp', request: received({ timestamp: `${NOW}.5` }), ok: false },
    { name: 'repeated header', request: received({ timestamp: [String(NOW), String(NOW)] }), ok: false },
    {
      name: 'other scheme',
      request: received({ signature: SIGNATURE.replace('sha256=', 'sha1=__') }),
      ok: false,
    },
    { name: 'truncated signature', request: received({ signature: SIGNATURE.slice(0, -2) }), ok: false },
  ])('$name → $ok', ({ request, now, tolerance, ok }) => {
    expect(verifyEpochSignature(SECRET, request, now ?? NOW, tolerance)).toBe(ok);
  });

  it('refuses another secret', () => {
    expect(verifyEpochSignature('other', received(), NOW)).toBe(false);
  });
});
