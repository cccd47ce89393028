// Single sign-on end to end: Debian's Chromium logs in through a real OIDC provider's login and consent
// pages into a two-node Epoch cluster (real ZooKeeper). The browser talks to the follower, which
// forwards to the leader; the leader is then killed and the session outlives it. Logout goes through
// the provider's end-session page. Screenshots go to test-results/screenshots/.
import { mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TopologyDetails } from '@epoch/shared';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { httpTopology } from '../../server/test/support/topologies.js';
import { launchChromium, recordCspViolations, type CspViolation } from '../harness/browser.js';
import type { EpochProcess } from '../harness/epoch-process.js';
import { startZooKeeper, type ZooKeeperServer } from '../harness/zookeeper.js';
import { basic, freePort, PASSWORDS, startAuthenticatedEpoch } from './support/auth-fixture.js';
import { startOidcTestProvider, type OidcTestProvider } from './support/oidc-test-provider.js';

const SCREENSHOTS = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));
const ADMIN = basic('admin', PASSWORDS.admin);

let zookeeper: ZooKeeperServer;
let provider: OidcTestProvider;
let leader: EpochProcess;
let follower: EpochProcess;
let browser: Browser;
let attackerSite: Server;
let attackerUrl: string;

beforeAll(async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
  const [leaderPort, followerPort, providerPort, attackerPort] = await Promise.all([
    freePort(),
    freePort(),
    freePort(),
    freePort(),
  ]);
  const followerUrl = `http://127.0.0.1:${followerPort}`;
  provider = await startOidcTestProvider(providerPort, [`http://127.0.0.1:${leaderPort}`, followerUrl]);
  attackerSite = await startAttackerSite(attackerPort, `${followerUrl}/apis/v1/topologies`);
  attackerUrl = `http://localhost:${attackerPort}/`;
  zookeeper = await startZooKeeper();
  const cluster = { zkConnectionString: zookeeper.connectionString, zkRoot: `/epoch-sso-${Date.now()}` };
  leader = await startAuthenticatedEpoch({ ...cluster, port: leaderPort, waitFor: 'leader' }, provider, {
    ZK_SESSION_TIMEOUT_MS: '4000',
  });
  follower = await startAuthenticatedEpoch({ ...cluster, port: followerPort, waitFor: 'ready' }, provider, {
    ZK_SESSION_TIMEOUT_MS: '4000',
  });
  browser = await launchChromium();
  await api('POST', '/apis/v1/topologies', {
    ...httpTopology('sso-target'),
    trigger: { type: 'CRON', timeSpec: '0 0 3 1 1 ? 2099' },
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([follower?.stop(), leader?.stop()]);
  await provider?.stop();
  await new Promise((resolve) => attackerSite?.close(resolve));
  await zookeeper?.stop();
});

/** Calls the follower as the basic-auth admin (it forwards to whichever node leads). */
async function api(
  method: string,
  pathname: string,
  body?: unknown,
): Promise<{ status: number; data: unknown }> {
  const response = await fetch(`${follower.url}${pathname}`, {
    method,
    headers: { ...ADMIN, ...(body !== undefined && { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const parsed = (await response.json().catch(() => ({}))) as { data?: unknown };
  return { status: response.status, data: parsed.data };
}

const topology = async (name: string) =>
  (await api('GET', `/apis/v1/topologies/${name}`)).data as TopologyDetails;

/** A page on another site that posts a form to Epoch as soon as it loads, as a forged request would. */
function startAttackerSite(port: number, target: string): Promise<Server> {
  const html = `<!doctype html><form method="POST" action="${target}" enctype="text/plain">
    <input name='{"name":"forged","task":{"type":"HTTP","taskName":"t","url":"http://127.0.0.1:9/x"},"trigger":{"type":"CRON","timeSpec":"0 0 3 1 1 ? 2099"},"x":"' value='"}'>
    </form><script>document.forms[0].submit()</script>`;
  const server = createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end(html));
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

/** Content-Security-Policy violations on Epoch's pages (the provider's own pages are not ours to judge). */
const cspViolations: CspViolation[] = [];
const onEpochPages = (violations: CspViolation[]) =>
  violations.filter(({ documentUri }) =>
    [leader.url, follower.url].some((url) => documentUri.startsWith(url)),
  );

afterEach(() => {
  expect(onEpochPages(cspViolations.splice(0))).toEqual([]);
});

async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  await recordCspViolations(context, cspViolations);
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
  return { context, page };
}

/** From Epoch's login page through the provider's own login and consent pages, back to Epoch. */
async function signInWithSso(page: Page, login: string, screenshots = false): Promise<void> {
  await page.getByRole('link', { name: 'Sign in with single sign-on' }).click();
  await page.getByPlaceholder('Enter any login').fill(login);
  await page.getByPlaceholder('and password').fill('any password: the development login accepts it');
  if (screenshots) await page.screenshot({ path: path.join(SCREENSHOTS, 'sso-provider-login.png') });
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
}

/** The status of a request the page itself sends, with the UI's header and its cookies. */
const statusFromPage = (page: Page, method: string, pathname: string) =>
  page.evaluate(
    async ([m, p]) =>
      (await fetch(p!, { method: m, headers: { 'X-Requested-With': 'XMLHttpRequest' } })).status,
    [method, pathname],
  );

describe('single sign-on in the browser', () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    ({ context, page } = await newPage());
  });
  afterAll(() => context?.close());

  it('logs in through the provider on a follower and changes a topology there', async () => {
    await page.goto(`${follower.url}/topologies/sso-target`);
    await page.getByRole('heading', { name: 'Sign in to Epoch' }).waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'sso-epoch-login.png') });
    await signInWithSso(page, 'alice', true);

    await page.waitForURL(`${follower.url}/topologies/sso-target`);
    const user = page.getByRole('group', { name: 'Signed-in user' });
    await user.getByText('alice').waitFor();
    await user.getByText('read-write').waitFor();
    await page.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(async () => (await topology('sso-target')).state).toBe('PAUSED');
    expect((await topology('sso-target')).updatedBy).toBe('alice');
    await page.getByText(/updated .* by alice/).waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'sso-signed-in.png') });
  });

  it('keeps the session across a failover: the new leader accepts the same cookie', async () => {
    await leader.kill();
    await expect
      .poll(
        async () => (await fetch(`${follower.url}/apis/housekeeping/v1/leader`, { headers: ADMIN })).json(),
        {
          timeout: 20_000,
          interval: 250,
        },
      )
      .toEqual({ leader: follower.url });
    await page.reload();
    await page.getByRole('group', { name: 'Signed-in user' }).getByText('alice').waitFor();
    await page.getByRole('button', { name: 'Resume' }).click();
    await expect.poll(async () => (await topology('sso-target')).state).toBe('ACTIVE');
  });

  it("logs out through the provider's end-session page", async () => {
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await page.waitForURL(`${follower.url}/login`);
    await page.getByRole('heading', { name: 'Sign in to Epoch' }).waitFor();
    expect(await statusFromPage(page, 'GET', '/apis/v1/me')).toBe(401);
  });
});

describe('roles in the browser', () => {
  it('shows a read-only user no write controls, and the server refuses their writes', async () => {
    const { context, page } = await newPage();
    await page.goto(`${follower.url}/`);
    await signInWithSso(page, 'bob');
    await page.waitForURL(`${follower.url}/`);
    await page.getByRole('group', { name: 'Signed-in user' }).getByText('read-only').waitFor();
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    await page.getByRole('link', { name: 'Topologies', exact: true }).click();
    await page.getByRole('link', { name: 'sso-target' }).waitFor();
    expect(await page.getByRole('link', { name: 'New topology' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Import' }).count()).toBe(0);

    await page.goto(`${follower.url}/topologies/sso-target`);
    await page.getByRole('heading', { name: 'sso-target' }).waitFor();
    for (const name of ['Run now', 'Pause', 'Resume', 'Edit', 'Delete']) {
      expect(await page.getByRole('button', { name }).count(), name).toBe(0);
      expect(await page.getByRole('link', { name }).count(), name).toBe(0);
    }
    await page.screenshot({ path: path.join(SCREENSHOTS, 'sso-read-only.png') });
    expect(await statusFromPage(page, 'PUT', '/apis/v1/topologies/sso-target/pause')).toBe(403);
    expect((await topology('sso-target')).state).toBe('ACTIVE');
    await context.close();
  });

  it("logs Epoch's guest in with the password form, read-only, and refuses a wrong password", async () => {
    const { context, page } = await newPage();
    await page.goto(`${follower.url}/login`);
    await page.getByLabel('Username').fill('guest');
    await page.getByLabel('Password', { exact: true }).fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Wrong username or password').waitFor();
    await page.getByLabel('Password', { exact: true }).fill(PASSWORDS.guest);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${follower.url}/`);
    const user = page.getByRole('group', { name: 'Signed-in user' });
    await user.getByText('guest').waitFor();
    await user.getByText('read-only').waitFor();
    expect(await statusFromPage(page, 'PUT', '/apis/v1/topologies/sso-target/pause')).toBe(403);
    await context.close();
  });

  it('turns away a user whose groups grant no Epoch role', async () => {
    const { context, page } = await newPage();
    await page.goto(`${follower.url}/login`);
    await signInWithSso(page, 'mallory');
    await page.waitForURL(/\/login\?error=/);
    await page.getByText(/no Epoch role/).waitFor();
    expect(await statusFromPage(page, 'GET', '/apis/v1/me')).toBe(401);
    await context.close();
  });

  it('refuses a cross-site form post from a logged-in browser, and nothing is created', async () => {
    const { context, page } = await newPage();
    await page.goto(`${follower.url}/login`);
    await signInWithSso(page, 'alice');
    await page.waitForURL(`${follower.url}/`);
    await page.getByRole('group', { name: 'Signed-in user' }).getByText('alice').waitFor();

    // SameSite=Lax keeps the session cookie off the cross-site POST, so it arrives unauthenticated.
    const forged = page.waitForResponse(
      (response) =>
        response.url() === `${follower.url}/apis/v1/topologies` && response.request().method() === 'POST',
    );
    await page.goto(attackerUrl);
    expect((await forged).status()).toBe(401);
    expect((await api('GET', '/apis/v1/topologies/forged')).status).toBe(404);
    await context.close();
  });
});
