// The on-call overview (the UI's home) in Chromium against a real Epoch server with real containers: a failed run
// and a running one appear within seconds, and each link lands where it says: a run, or a filtered, sorted list.
import { expect, it } from 'vitest';
import {
  busyboxTopology,
  page,
  postTopology,
  runStateOf,
  screenshot,
  server,
  startRun,
  useWebUiWorld,
} from './support/web-ui-world.js';

useWebUiWorld();

it('shows a failed run and a running one, each linking to its run, and the paused topologies', async () => {
  expect(await postTopology(busyboxTopology('broken', ['sh', '-c', 'exit 3']))).toBe(200);
  expect(await postTopology(busyboxTopology('slow', ['sleep', '120']))).toBe(200);
  expect(await postTopology(busyboxTopology('held', ['true']))).toBe(200);
  await fetch(`${server.url}/apis/v1/topologies/held/pause`, { method: 'PUT' });
  const failed = await startRun('broken');
  await expect.poll(() => runStateOf('broken', failed), { timeout: 30_000 }).toBe('FAILED');
  const running = await startRun('slow');
  await expect.poll(() => runStateOf('slow', running), { timeout: 30_000 }).toBe('RUNNING');

  await page.goto(server.url);
  await page.getByRole('heading', { name: 'Overview' }).waitFor();
  // The server's answer may be up to 5 s old, and the page polls it every 10 s.
  await page.getByRole('link', { name: 'Failed in 24 h: 1' }).waitFor({ timeout: 30_000 });
  await page.getByRole('link', { name: 'Running now: 1' }).waitFor({ timeout: 30_000 });
  await screenshot('overview');

  await page.locator('#failed').getByRole('link', { name: failed }).click();
  await page.waitForURL(`${server.url}/topologies/broken/runs/${failed}`);
  await page.goBack();
  await page.locator('#running').getByRole('link', { name: running }).click();
  await page.waitForURL(`${server.url}/topologies/slow/runs/${running}`);
  await page.goBack();
  await expectListed('Paused topologies: 1', '/topologies?state=PAUSED', 'held');
  await expectListed('Running now: 1', '/topologies?lastRunState=RUNNING', 'slow');
  await page.locator('#last-failed').getByRole('link', { name: 'Show in the topology list' }).click();
  await page.waitForURL(`${server.url}/topologies?lastRunState=FAILED`);
  await expectOnlyRow('broken');
  await page.goBack();
  // Next fires first: the paused topology, with none, comes last.
  await page.getByRole('link', { name: /^Fires in 24 h/ }).click();
  await page.waitForURL(`${server.url}/topologies?sort=nextFire`);
  await expect.poll(() => rowNames()).toEqual(['broken', 'slow', 'held']);

  await fetch(`${server.url}/apis/v1/topologies/slow/runs/${running}/tasks/main/kill`, { method: 'POST' });
}, 120_000);

/** Names in the topology table's rows, in order. */
const rowNames = () =>
  page
    .getByRole('table', { name: 'Topologies' })
    .locator('tbody tr')
    .evaluateAll((rows) => rows.map((row) => row.querySelector('a')?.textContent ?? ''));

async function expectOnlyRow(name: string): Promise<void> {
  await expect.poll(() => rowNames(), { timeout: 10_000 }).toEqual([name]);
}

/** Follows the overview's tile `tile` to the filtered list `path`, which shows `name` alone. */
async function expectListed(tile: string, path: string, name: string): Promise<void> {
  await page.getByRole('link', { name: tile }).click();
  await page.waitForURL(`${server.url}${path}`);
  await expectOnlyRow(name);
  await page.goBack();
}
