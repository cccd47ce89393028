// The harness that the UI suites rely on to find Content-Security-Policy violations does find them: a page
// whose inline style its own policy refuses is reported, and an allowed page is not.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium, recordCspViolations } from '../../harness/browser.js';

let browser: Browser;
let site: Server;
let url: string;

beforeAll(async () => {
  site = createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html', 'Content-Security-Policy': "style-src 'self'" });
    res.end(req.url === '/inline' ? '<style>body { color: red }</style><p>x</p>' : '<p>plain</p>');
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => site?.close(resolve));
});

it('reports an inline style the page policy refuses, and nothing on a page that keeps to it', async () => {
  const context = await browser.newContext();
  const violations = await recordCspViolations(context);
  const page = await context.newPage();
  await page.goto(`${url}/plain`);
  await page.goto(`${url}/inline`);
  await expect.poll(() => violations.length).toBe(1);
  expect(violations[0]).toMatchObject({
    directive: 'style-src-elem',
    blockedUri: 'inline',
    documentUri: `${url}/inline`,
  });
  await context.close();
});
