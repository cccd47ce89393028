// What the Jobs page reads, against a real node, ZooKeeper and an HTTP receiver on loopback: every collection with
// its pending jobs by due time and its delivered and failed records; and a route's URL, which READ_ONLY callers
// see as its origin only.
import type { JobCollections } from '@epoch/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { AUTH_DISABLED, type AuthSettings } from '../../src/auth/auth-settings.js';
import { startReceiver, type Receiver } from '../http/receiver.js';
import { expectRejected, useRealNodes, type RealNode } from '../support/real-nodes.js';
import { call, LOOPBACK_ALLOWED } from '../support/test-node.js';

const realNode = useRealNodes();
const receivers: Receiver[] = [];

afterEach(async () => {
  for (const receiver of receivers.splice(0)) await receiver.close();
});

const MINUTE = 60_000;

async function collections(node: RealNode): Promise<JobCollections> {
  const result = await call(node, 'GET', '/apis/v1/job-collections');
  expect(result.status, JSON.stringify(result.body)).toBe(200);
  return result.body.data as JobCollections;
}

describe('job collections', () => {
  it('counts pending jobs by due time, and kept records by outcome, per collection', async () => {
    const node = await realNode('job-collections', { egress: LOOPBACK_ALLOWED });
    // Job "fail" is answered 500: one attempt (no retries), recorded FAILED.
    const receiver = await startReceiver((request, response) => {
      response.statusCode = request.headers['epoch-job-id'] === 'fail' ? 500 : 200;
      response.end();
    });
    receivers.push(receiver);
    const route = await call(node, 'PUT', '/apis/v1/job-routes/shop/hook', {
      json: { webhook_url: `${receiver.url}/hook` },
    });
    expect(route.status, JSON.stringify(route.body)).toBe(200);
    expect(await collections(node)).toMatchObject({ collections: [] });

    const now = Date.now();
    const job = (id: string, trigger: number) => ({ id, trigger_ms: trigger, route: 'hook' });
    // One request: its jobs share a segment whose range spans every bucket, so the count must read it.
    const created = await call(node, 'POST', '/apis/v1/jobs/shop/carts', {
      json: [
        job('ok', now),
        job('fail', now),
        job('soon-1', now + 5 * MINUTE),
        job('soon-2', now + 6 * MINUTE),
        job('hour', now + 30 * MINUTE),
        job('day', now + 5 * 60 * MINUTE),
        job('year', now + 365 * 24 * 60 * MINUTE),
      ],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    await call(node, 'PUT', '/apis/v1/job-routes/billing/hook', {
      json: { webhook_url: `${receiver.url}/hook` },
    });
    expect(
      (
        await call(node, 'POST', '/apis/v1/jobs/billing/invoices', {
          json: [job('later', now + 2 * 24 * 60 * MINUTE)],
        })
      ).status,
    ).toBe(200);

    await expect.poll(() => receiver.received.length, { timeout: 15_000 }).toBe(2);
    await expect
      .poll(async () => (await collections(node)).collections.find((c) => c.collection === 'carts')?.failed, {
        timeout: 15_000,
      })
      .toBe(1);
    const stats = await collections(node);
    expect(stats.recordsKeepMs).toBe(24 * 60 * MINUTE);
    expect(stats.collections).toEqual([
      {
        database: 'billing',
        collection: 'invoices',
        pending: 1,
        delivered: 0,
        failed: 0,
        due: { overdue: 0, underMinute: 0, underTenMinutes: 0, underHour: 0, underDay: 0, later: 1 },
      },
      {
        database: 'shop',
        collection: 'carts',
        pending: 5,
        delivered: 1,
        failed: 1,
        due: { overdue: 0, underMinute: 0, underTenMinutes: 2, underHour: 1, underDay: 1, later: 1 },
      },
    ]);
  });
});

const USERS: AuthSettings = {
  ...AUTH_DISABLED,
  disabled: false,
  users: [
    { username: 'admin', password: 'admin-password-job-routes', role: 'READ_WRITE' },
    { username: 'guest', password: 'guest-password-job-routes', role: 'READ_ONLY' },
  ],
};

async function asUser(node: RealNode, user: 'admin' | 'guest', path: string, init: RequestInit = {}) {
  const password = USERS.users.find((known) => known.username === user)!.password;
  const response = await fetch(`${node.url}${path}`, {
    ...init,
    headers: {
      Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
      'Content-Type': 'application/json',
    },
  });
  return { status: response.status, body: (await response.json()) as { data: unknown } };
}

describe('job routes by role', () => {
  it("gives READ_ONLY callers a webhook URL's origin only, READ_WRITE callers all of it", async () => {
    const node = await realNode('job-routes-roles', { auth: USERS });
    const url = 'http://127.0.0.1:8443/hooks/expired?token=s3cr3t';
    const put = await asUser(node, 'admin', '/apis/v1/job-routes/shop/expiry', {
      method: 'PUT',
      body: JSON.stringify({ webhook_url: url }),
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);

    for (const path of ['/apis/v1/job-routes/shop/expiry', '/apis/v1/job-routes/shop']) {
      const asAdmin = await asUser(node, 'admin', path);
      const asGuest = await asUser(node, 'guest', path);
      expect(asAdmin.status).toBe(200);
      expect(asGuest.status).toBe(200);
      expect(JSON.stringify(asAdmin.body)).toContain(url);
      expect(JSON.stringify(asGuest.body)).toContain('"webhook_url":"http://127.0.0.1:8443"');
      expect(JSON.stringify(asGuest.body)).not.toContain('s3cr3t');
      expect(JSON.stringify(asGuest.body)).not.toContain('/hooks');
    }
    const guestStats = await asUser(node, 'guest', '/apis/v1/job-collections');
    expect(guestStats.status).toBe(200);
  });

  it('refuses a bad database or route name, naming it', async () => {
    const node = await realNode('job-routes-bad');
    await expectRejected(node, 'GET', '/apis/v1/job-routes/bad.name', {
      status: 400,
      field: 'path.database',
    });
    await expectRejected(node, 'GET', '/apis/v1/job-routes/shop/bad.name', {
      status: 400,
      field: 'path.routeId',
    });
  });
});
