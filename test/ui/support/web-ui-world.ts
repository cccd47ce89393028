// The world the web UI tests run in: Debian's Chromium (playwright-core) against a real Epoch server process
// with a real ZooKeeper and the real Docker Engine, and helpers that read or write through the API.
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TopologyDetails } from '@epoch/shared';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { launchChromium, recordCspViolations, type CspViolation } from '../../harness/browser.js';
import { BUSYBOX_IMAGE, ensureBusyboxImage } from '../../harness/docker-images.js';
import { startEpochProcess, type EpochProcess } from '../../harness/epoch-process.js';
import { startZooKeeper, type ZooKeeperServer } from '../../harness/zookeeper.js';

export const SCREENSHOTS = fileURLToPath(new URL('../../../test-results/screenshots/', import.meta.url));

let zookeeper: ZooKeeperServer;
// Live bindings: set by the hooks useWebUiWorld() registers, read by the tests.
export let server: EpochProcess;
export let browser: Browser;
export let page: Page;
/** Every page must run under the server's Content-Security-Policy with none. */
let cspViolations: CspViolation[] = [];

/**
 * Starts ZooKeeper, an Epoch server and Chromium for the file's (or describe block's) tests; after each, no CSP
 * violation. `env` adds to the server's settings (e.g. another runtime).
 */
export function useWebUiWorld(options: { env?: () => Promise<Record<string, string>> } = {}): void {
  beforeAll(async () => {
    await Promise.all([ensureBusyboxImage(), mkdir(SCREENSHOTS, { recursive: true })]);
    // Started last: a failure before it leaves no ZooKeeper behind.
    zookeeper = await startZooKeeper();
    const logDir = await mkdtemp(path.join(tmpdir(), 'epoch-ui-'));
    server = await startEpochProcess({
      zkConnectionString: zookeeper.connectionString,
      zkRoot: `/epoch-ui-${Date.now()}`,
      logPath: path.join(logDir, 'server.log'),
      waitFor: 'leader',
      env: { EPOCH_SECRETS_KEY: randomBytes(32).toString('base64'), ...(await options.env?.()) },
    });
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    cspViolations = await recordCspViolations(context);
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    // A page that throws fails the test with the reason, not only with a missing element.
    page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
  }, 120_000);

  afterEach(() => {
    expect(cspViolations.splice(0)).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await zookeeper?.stop();
  });
}

export const screenshot = (name: string) =>
  page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });

export async function apiStatus(pathname: string): Promise<number> {
  return (await fetch(`${server.url}${pathname}`)).status;
}

/** Creates a topology through the API (not the UI), returning the response's status. */
export async function postTopology(body: Record<string, unknown>): Promise<number> {
  const response = await fetch(`${server.url}/apis/v1/topologies`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return response.status;
}

/** A container topology on the BusyBox image running `args`, that fires only when asked (its cron is in 2099). */
export const busyboxTopology = (name: string, args: string[], task: Record<string, unknown> = {}) => ({
  name,
  task: {
    type: 'CONTAINER_EXECUTION',
    taskName: 'main',
    executable: { type: 'DOCKER', url: BUSYBOX_IMAGE },
    resources: [{ type: 'CPU', count: 1 }],
    args,
    ...task,
  },
  trigger: { type: 'CRON', timeSpec: '0 0 3 1 1 ? 2099', timeZone: 'UTC' },
});

/** Starts an instant run through the API; returns its id. */
export async function startRun(topologyId: string): Promise<string> {
  const response = await fetch(`${server.url}/apis/v1/topologies/${topologyId}/run`, { method: 'PUT' });
  return ((await response.json()) as { data: { runId: string } }).data.runId;
}

/** A run's state, read through the API. */
export async function runStateOf(topologyId: string, runId: string): Promise<string> {
  const response = await fetch(`${server.url}/apis/v1/topologies/${topologyId}/runs/${runId}`);
  return ((await response.json()) as { data: { state: string } }).data.state;
}

export async function storedTopology(name: string): Promise<TopologyDetails> {
  const body = (await (await fetch(`${server.url}/apis/v1/topologies/${name}`)).json()) as {
    data: TopologyDetails;
  };
  return body.data;
}

/**
 * Creates many HTTP topologies through the API, 50 at a time, each on its own daily cron (spread over the
 * minutes of 04:00-04:59 so they do not fire together while a test runs).
 */
export async function postCronHttpTopologies(names: string[]): Promise<void> {
  for (let start = 0; start < names.length; start += 50) {
    await Promise.all(
      names.slice(start, start + 50).map(async (name) => {
        const status = await postTopology({
          name,
          task: { type: 'HTTP', taskName: 'call', method: 'POST', url: 'http://127.0.0.1:9/hook' },
          trigger: {
            type: 'CRON',
            timeSpec: `${start % 60} ${((start / 60) % 60) | 0} 4 * * ?`,
            timeZone: 'UTC',
          },
        });
        expect(status).toBe(200);
      }),
    );
  }
}

/** A page on another origin (another loopback port) whose only content is an iframe of `target`. */
export async function startFramingPage(target: string): Promise<{ url: string; close: () => Promise<void> }> {
  const attacker = createServer((_req, res) =>
    res
      .writeHead(200, { 'Content-Type': 'text/html' })
      .end(`<!doctype html><title>framer</title><iframe src="${target}"></iframe>`),
  );
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`,
    close: () => new Promise<void>((resolve) => attacker.close(() => resolve())),
  };
}
