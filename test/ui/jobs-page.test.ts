// The Jobs page in Chromium against a real Epoch server, ZooKeeper and a loopback HTTP receiver: the collections
// table with its counts, the due-time histogram, a look-up finding a pending job, a delivered one and none, and
// the database's routes.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { page, screenshot, server, useWebUiWorld } from './support/web-ui-world.js';

useWebUiWorld();

/** Answers every call 200, counting them: the route's webhook. */
let receiver: Server;
let calls = 0;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    calls++;
    req.resume();
    req.on('end', () => res.writeHead(200).end('ok'));
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
});

afterAll(async () => {
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

async function api(method: string, path: string, json: unknown): Promise<void> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(json),
  });
  expect(response.status, await response.text()).toBe(200);
}

async function lookUp(id: string): Promise<void> {
  const form = page.getByRole('form', { name: 'Job look-up' });
  await form.getByLabel('Job id').fill(id);
  await form.getByRole('button', { name: 'Look up' }).click();
}

it('lists collections with counts and due times, finds a pending and a delivered job, and shows routes', async () => {
  const { port } = receiver.address() as AddressInfo;
  const webhook = `http://127.0.0.1:${port}/expired?token=abc`;
  await api('PUT', '/apis/v1/job-routes/shop/expiry', { webhook_url: webhook });
  await api('POST', '/apis/v1/jobs/shop/carts', [
    { id: 'cart-later', trigger_ms: Date.UTC(2099, 0, 1), meta: { cart: 7 }, route: 'expiry' },
    { id: 'cart-soon', trigger_ms: Date.now() + 1_000, meta: { cart: 8 }, route: 'expiry' },
  ]);
  await expect.poll(() => calls, { timeout: 15_000 }).toBe(1);

  await page.goto(server.url);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Jobs' }).click();
  await page.waitForURL(`${server.url}/jobs`);
  await page.getByRole('heading', { name: 'Jobs', level: 2 }).waitFor();

  const row = page
    .getByRole('table', { name: 'Job collections' })
    .getByRole('row')
    .filter({ hasText: 'carts' });
  // The page polls every 10 s; the delivery record may land just after its first answer.
  await expect
    .poll(async () => (await row.getByRole('cell').allTextContents()).join('|'), { timeout: 25_000 })
    .toBe('shop|carts|1|1|0');
  await page
    .getByRole('img', {
      name: 'Pending jobs by due time: Overdue 0, < 1 min 0, < 10 min 0, < 1 h 0, < 1 day 0, Later 1',
    })
    .waitFor();

  await row.getByRole('button', { name: 'Look up a job in shop/carts' }).click();
  const lookup = page.getByRole('region', { name: 'Look up a job' });
  expect(await lookup.getByLabel('Database').inputValue()).toBe('shop');
  expect(await lookup.getByLabel('Collection').inputValue()).toBe('carts');
  await lookUp('cart-later');
  const job = lookup.getByRole('group', { name: 'Job' });
  await job.getByText('PENDING').waitFor();
  await job.getByText('2099-01-01', { exact: false }).waitFor();
  await job.getByText('"cart": 7', { exact: false }).waitFor();
  await screenshot('jobs-page');

  await lookUp('cart-soon');
  await job.getByText('DELIVERED').waitFor();
  expect(await job.getByRole('row', { name: /HTTP status/ }).textContent()).toContain('200');

  // Looked up while pending, then again once fired: the second look-up asks the server anew.
  await api('POST', '/apis/v1/jobs/shop/carts', [
    { id: 'cart-next', trigger_ms: Date.now() + 2_000, meta: null, route: 'expiry' },
  ]);
  await lookUp('cart-next');
  await job.getByText('PENDING').waitFor();
  await expect.poll(() => calls, { timeout: 15_000 }).toBe(2);
  await expect
    .poll(
      async () => {
        await lookUp('cart-next');
        return job.getByText('DELIVERED').isVisible();
      },
      { timeout: 15_000 },
    )
    .toBe(true);

  await lookUp('never-made');
  await lookup.getByText('No job never-made in shop/carts').waitFor();

  const routes = page.getByRole('table', { name: 'Routes of shop' });
  await routes.getByRole('row').filter({ hasText: 'expiry' }).getByText(webhook).waitFor();
}, 90_000);
