// "Run with…" and "Re-run" end to end: Debian's Chromium against a real Epoch server process, a real ZooKeeper
// and a real BusyBox container, whose log (read in the page and through the logs API) shows the override.
import type { RunInfo } from '@epoch/shared';
import { describe, expect, it } from 'vitest';
import {
  busyboxTopology,
  page,
  postTopology,
  screenshot,
  server,
  useWebUiWorld,
} from './support/web-ui-world.js';

useWebUiWorld();

const runApi = (runId: string) => `${server.url}/apis/v1/topologies/printer/runs/${runId}`;

async function storedRun(runId: string): Promise<RunInfo> {
  return ((await (await fetch(runApi(runId))).json()) as { data: RunInfo }).data;
}

async function logViaApi(runId: string): Promise<string> {
  const located = (await (await fetch(`${runApi(runId)}/tasks/main/log`)).json()) as { data: string };
  return (await fetch(located.data)).text();
}

const runIdInUrl = () => decodeURIComponent(page.url().split('/runs/')[1] ?? '');

describe('re-run and run with overrides', () => {
  it('runs a container with an env override from "Run with…", then re-runs it from the run page', async () => {
    expect(
      await postTopology(busyboxTopology('printer', ['sh', '-c', 'echo "X=$X"'], { env: { X: '1' } })),
    ).toBe(200);

    await page.goto(`${server.url}/topologies/printer`);
    await page.getByRole('button', { name: 'More ways to run' }).click();
    await page.getByRole('menuitem', { name: 'Run with…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Run with overrides' });
    await dialog.getByRole('button', { name: 'Add environment variable' }).click();
    await dialog.getByLabel('Environment variable 1 key').fill('X');
    await dialog.getByLabel('Environment variable 1 value').fill('42');
    await screenshot('run-with-form');
    await dialog.getByRole('button', { name: 'Run', exact: true }).click();

    await page.waitForURL(/\/runs\/EIR-/);
    const first = runIdInUrl();
    await page.getByRole('log', { name: 'Log of main' }).getByText('X=42').waitFor({ timeout: 30_000 });
    await page.getByRole('region', { name: 'Overrides' }).getByText('42').waitFor();
    await expect.poll(async () => (await storedRun(first)).state, { timeout: 30_000 }).toBe('COMPLETED');
    expect((await storedRun(first)).overrides).toEqual({ env: { X: '42' } });
    expect(await logViaApi(first)).toBe('X=42\n');
    await screenshot('run-with-overrides');

    await page.getByRole('button', { name: 'Re-run' }).click();
    await page.waitForURL((url) => /\/runs\/EIR-/.test(url.pathname) && !url.pathname.endsWith(first));
    const second = runIdInUrl();
    expect(second).toMatch(/^EIR-/);
    await page
      .getByRole('region', { name: 'Run summary' })
      .getByText('COMPLETED', { exact: true })
      .waitFor({ timeout: 30_000 });
    await page.getByRole('region', { name: 'Run summary' }).getByRole('link', { name: first }).waitFor();
    await page.getByRole('log', { name: 'Log of main' }).getByText('X=42').waitFor();
    await page.getByRole('region', { name: 'Run summary' }).getByRole('heading', { name: second }).waitFor();
    await expect.poll(async () => (await storedRun(second)).state, { timeout: 30_000 }).toBe('COMPLETED');
    expect(await storedRun(second)).toMatchObject({
      state: 'COMPLETED',
      runType: 'INSTANT',
      rerunOf: first,
      overrides: { env: { X: '42' } },
    });
  });

  it('shows the server naming a refused override on its input, and starts no run', async () => {
    await page.goto(`${server.url}/topologies/printer`);
    await page.getByRole('button', { name: 'More ways to run' }).click();
    await page.getByRole('menuitem', { name: 'Run with…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Run with overrides' });
    await dialog.getByRole('button', { name: 'Add environment variable' }).click();
    await dialog.getByLabel('Environment variable 1 key').fill('1X');
    await dialog.getByRole('button', { name: 'Run', exact: true }).click();
    await dialog.getByText('must be an environment name').waitFor();
    const runs = (await (await fetch(`${server.url}/apis/v1/topologies/printer/runs`)).json()) as {
      data: RunInfo[];
    };
    expect(runs.data).toHaveLength(2);
  });
});
