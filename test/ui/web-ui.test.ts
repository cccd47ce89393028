// The web UI end to end: Debian's Chromium (playwright-core) against a real Epoch server process with a real
// ZooKeeper and the real Docker Engine. Screenshots of every page go to test-results/screenshots/.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RunInfo, TopologyDetails, TopologyExport } from '@epoch/shared';
import Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { BUSYBOX_IMAGE } from '../harness/docker-images.js';
import {
  apiStatus,
  browser,
  page,
  postCronHttpTopologies,
  postTopology,
  screenshot,
  SCREENSHOTS,
  server,
  startFramingPage,
  storedTopology,
  useWebUiWorld,
} from './support/web-ui-world.js';

useWebUiWorld();

describe('the web UI', () => {
  it('shows an empty topology list with a way to create one', async () => {
    await page.goto(`${server.url}/topologies`);
    await expect.poll(() => page.title()).toBe('Epoch');
    await page.getByRole('heading', { name: 'Topologies' }).waitFor();
    await page.getByText(/No topologies yet/).waitFor();
    await screenshot('topologies-empty');
  });

  it('shows an invalid cron inline and saves nothing', async () => {
    await page.goto(`${server.url}/topologies/new`);
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('bad-cron');
    await page.getByLabel('Cron expression').fill('0 61 * * * ?');
    await page
      .getByText(/minute/i)
      .first()
      .waitFor();
    await page.getByLabel('Image').fill(BUSYBOX_IMAGE);
    await page.getByRole('button', { name: 'Create topology' }).click();
    await page.waitForTimeout(500);
    expect(page.url()).toMatch(/\/topologies\/new$/);
    expect(await apiStatus('/apis/v1/topologies/bad-cron')).toBe(404);
    await screenshot('form-invalid-cron');
  });

  it('creates a container topology through the form', async () => {
    await page.goto(`${server.url}/topologies/new`);
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('hello');
    await page.getByLabel('Cron expression').fill('0 0 3 * * ?');
    await page.getByText(/Next fire times/i).waitFor();
    await page.getByLabel('Image').fill(BUSYBOX_IMAGE);
    await page.getByLabel(/Arguments/).fill('sh\n-c\necho hello from epoch; sleep 1');
    await screenshot('form-create');
    await page.getByRole('button', { name: 'Create topology' }).click();
    await page.waitForURL(/\/topologies\/hello$/);
    await page.getByRole('heading', { name: 'hello' }).waitFor();
    expect(await apiStatus('/apis/v1/topologies/hello')).toBe(200);
  });

  it('runs now: the run appears and finishes without a reload, and its log is visible', async () => {
    await page.goto(`${server.url}/topologies/hello`);
    await page.getByRole('button', { name: 'Run now' }).click();
    const runs = page.getByRole('table', { name: 'Runs' });
    await runs.getByText(/^EIR-/).first().waitFor();
    await runs.getByText('COMPLETED').first().waitFor({ timeout: 30_000 });
    await screenshot('topology-page');
    await runs.getByRole('link', { name: /^EIR-/ }).first().click();
    await page.waitForURL(/\/runs\/EIR-/);
    await page.getByRole('log', { name: 'Log of main' }).getByText('hello from epoch').waitFor();
    await screenshot('run-page');
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download' }).click();
    const file = await (await download).path();
    expect(await readFile(file, 'utf8')).toContain('hello from epoch');
  });

  it('kills a running task from the run page: the run ends CANCELLED and its container is gone', async () => {
    const created = await postTopology({
      name: 'sleeper',
      task: {
        type: 'CONTAINER_EXECUTION',
        taskName: 'nap',
        executable: { type: 'DOCKER', url: BUSYBOX_IMAGE, dockerPullTimeout: '120 seconds' },
        resources: [
          { type: 'CPU', count: 1 },
          { type: 'MEMORY', sizeInMB: 128 },
        ],
        args: ['sleep', '300'],
      },
      trigger: { type: 'CRON', timeSpec: '0 0 3 1 1 ? 2099', timeZone: 'UTC' },
    });
    expect(created).toBe(200);
    await page.goto(`${server.url}/topologies/sleeper`);
    await page.getByRole('button', { name: 'Run now' }).click();
    await page.getByRole('table', { name: 'Runs' }).getByRole('link', { name: /^EIR-/ }).first().click();
    await page.waitForURL(/\/runs\/EIR-/);
    const runId = decodeURIComponent(page.url().split('/runs/')[1] ?? '');
    await page.getByRole('button', { name: 'Kill' }).click({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Kill task' }).click();
    await page.getByText('CANCELLED').first().waitFor({ timeout: 30_000 });
    const runState = async () =>
      (
        (await (await fetch(`${server.url}/apis/v1/topologies/sleeper/runs/${runId}`)).json()) as {
          data: RunInfo;
        }
      ).data.state;
    await expect.poll(runState, { timeout: 30_000 }).toBe('CANCELLED');
    const running = async () =>
      (
        await new Docker().listContainers({ all: true, filters: { label: [`io.epoch.run-id=${runId}`] } })
      ).filter((container) => container.State === 'running');
    // The engine may report the killed container as running for a moment on a loaded machine.
    await expect.poll(running, { timeout: 15_000 }).toEqual([]);
    // The later tests count topologies.
    expect((await fetch(`${server.url}/apis/v1/topologies/sleeper`, { method: 'DELETE' })).status).toBe(200);
  });

  it('pauses and resumes', async () => {
    await page.goto(`${server.url}/topologies/hello`);
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByRole('button', { name: 'Resume' }).waitFor();
    await expect.poll(async () => (await storedTopology('hello')).state).toBe('PAUSED');
    // A paused topology records no runs: the page says who paused it, and when.
    await page.getByText(/^Paused by anonymous at .+: its fires are not run and not recorded\.$/).waitFor();
    await page.getByRole('button', { name: 'Resume' }).click();
    await page.getByRole('button', { name: 'Pause' }).waitFor();
    await expect.poll(async () => (await storedTopology('hello')).state).toBe('ACTIVE');
    await page.getByText(/^Resumed by anonymous at /).waitFor();
  });

  it('edits the schedule', async () => {
    await page.goto(`${server.url}/topologies/hello`);
    await page.getByRole('link', { name: 'Edit' }).click();
    await page.waitForURL(/\/edit$/);
    await page.getByLabel('Cron expression').fill('0 */5 * * * ?');
    await page.getByText(/Next fire times/i).waitFor();
    await screenshot('form-edit');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.waitForURL(/\/topologies\/hello$/);
    await page
      .getByText(/every 5 minutes/)
      .first()
      .waitFor();
    expect((await storedTopology('hello')).topology.trigger).toMatchObject({ timeSpec: '0 */5 * * * ?' });
  });

  it('shows a secret by name only, and an edit keeps it', async () => {
    const secret = `ui-secret-${randomBytes(8).toString('hex')}`;
    const created = await postTopology({
      name: 'vaulted',
      task: {
        type: 'CONTAINER_EXECUTION',
        taskName: 'main',
        executable: { type: 'DOCKER', url: BUSYBOX_IMAGE },
        resources: [{ type: 'CPU', count: 1 }],
        secretEnv: { DB_PASS: secret },
      },
      trigger: { type: 'CRON', timeSpec: '0 0 5 * * ?', timeZone: 'UTC' },
    });
    expect(created).toBe(200);
    await page.goto(`${server.url}/topologies/vaulted`);
    await page.getByText('Secret environment').waitFor();
    await page.getByText('DB_PASS').waitFor();
    expect(await page.content()).not.toContain(secret);
    await page.getByRole('link', { name: 'Edit' }).click();
    await page.waitForURL(/\/edit$/);
    await page.getByText('DB_PASS').waitFor();
    await page.getByLabel('Cron expression').fill('0 0 6 * * ?');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.waitForURL(/\/topologies\/vaulted$/);
    const stored = (await storedTopology('vaulted')).topology;
    expect(stored.trigger).toMatchObject({ timeSpec: '0 0 6 * * ?' });
    expect(stored.task).toMatchObject({ secretEnv: { DB_PASS: '<secret>' } });
    expect((await fetch(`${server.url}/apis/v1/topologies/vaulted`, { method: 'DELETE' })).status).toBe(200);
  });

  // `.invalid` never resolves: these notifications can never send anything, and never fire in the test anyway.
  const WEBHOOK = { type: 'WEBHOOK', url: 'https://hooks.invalid/epoch', format: 'SLACK', onSuccess: true };

  it('keeps a WEBHOOK notify through an edit of something else', async () => {
    const created = await postTopology({
      name: 'hooked',
      task: {
        type: 'CONTAINER_EXECUTION',
        taskName: 'main',
        executable: { type: 'DOCKER', url: BUSYBOX_IMAGE },
        resources: [{ type: 'CPU', count: 1 }],
      },
      trigger: { type: 'CRON', timeSpec: '0 0 5 * * ?', timeZone: 'UTC' },
      notify: WEBHOOK,
    });
    expect(created).toBe(200);
    await page.goto(`${server.url}/topologies/hooked/edit`);
    await page.getByLabel('Cron expression').fill('0 0 7 * * ?');
    await page.getByRole('button', { name: 'Policies' }).click();
    expect(await page.getByLabel('Webhook URL').inputValue()).toBe(WEBHOOK.url);
    expect(await page.getByLabel('Also when a run succeeds').isChecked()).toBe(true);
    await screenshot('form-webhook-notify');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.waitForURL(/\/topologies\/hooked$/);
    const stored = (await storedTopology('hooked')).topology;
    expect(stored.trigger).toMatchObject({ timeSpec: '0 0 7 * * ?' });
    expect(stored.notify).toEqual(WEBHOOK);
  });

  it('duplicates a topology under a new name', async () => {
    await page.goto(`${server.url}/topologies/hooked`);
    await page.getByRole('link', { name: 'Duplicate' }).click();
    await page.waitForURL(/\/topologies\/hooked\/duplicate$/);
    const name = page.getByRole('textbox', { name: 'Name', exact: true });
    expect(await name.inputValue()).toBe('hooked-copy');
    await name.fill('hooked-again');
    await page.getByRole('button', { name: 'Create topology' }).click();
    await page.waitForURL(/\/topologies\/hooked-again$/);
    const [original, copy] = await Promise.all([storedTopology('hooked'), storedTopology('hooked-again')]);
    expect(copy.topology).toEqual({ ...original.topology, name: 'hooked-again' });
    for (const id of ['hooked', 'hooked-again']) {
      expect((await fetch(`${server.url}/apis/v1/topologies/${id}`, { method: 'DELETE' })).status).toBe(200);
    }
  });

  /** The JSON tab's text as a topology, to change and put back with `fillJson`. */
  async function readJson(): Promise<TopologyDetails['topology']> {
    await page.getByRole('tab', { name: 'JSON' }).click();
    return JSON.parse(await page.getByLabel('Topology JSON').inputValue()) as TopologyDetails['topology'];
  }
  const fillJson = (topology: unknown) =>
    page.getByLabel('Topology JSON').fill(JSON.stringify(topology, null, 2));
  const childArgs = async (name: string) => {
    const { task } = (await storedTopology(name)).topology;
    return task.type === 'COMPOSITE' && task.tasks[1]?.type === 'CONTAINER_EXECUTION'
      ? task.tasks[1].args
      : null;
  };

  it('edits a composite in the JSON tab', async () => {
    const child = (taskName: string, args: string[]) => ({
      type: 'CONTAINER_EXECUTION',
      taskName,
      executable: { type: 'DOCKER', url: BUSYBOX_IMAGE },
      resources: [{ type: 'CPU', count: 1 }],
      args,
    });
    const created = await postTopology({
      name: 'chain',
      task: { type: 'COMPOSITE', tasks: [child('first', ['true']), child('second', ['echo', 'one'])] },
      trigger: { type: 'CRON', timeSpec: '0 0 5 * * ?', timeZone: 'UTC' },
      notify: { type: 'BLACKHOLE' },
    });
    expect(created).toBe(200);
    await page.goto(`${server.url}/topologies/chain/edit`);
    const topology = await readJson();
    if (topology.task.type !== 'COMPOSITE' || topology.task.tasks[1]?.type !== 'CONTAINER_EXECUTION') {
      throw new Error(`not the composite created: ${JSON.stringify(topology.task)}`);
    }
    topology.task.tasks[1].args = ['echo', 'two'];
    await fillJson(topology);
    await screenshot('form-json-tab');
    // The edit carries over to the form, which saves it.
    await page.getByRole('tab', { name: 'Form' }).click();
    await expect.poll(() => page.getByLabel('Composite task JSON').textContent()).toContain('"two"');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.waitForURL(/\/topologies\/chain$/);
    expect(await childArgs('chain')).toEqual(['echo', 'two']);
    expect((await storedTopology('chain')).topology.notify).toEqual({ type: 'BLACKHOLE' });
  });

  it('shows a JSON tab’s issues by path and saves nothing', async () => {
    await page.goto(`${server.url}/topologies/chain/edit`);
    const topology = await readJson();
    const bad = structuredClone(topology) as unknown as { task: { tasks: Record<string, unknown>[] } };
    bad.task.tasks[1]!.args = 'not a list';
    await fillJson(bad);
    const issues = page.getByRole('alert', { name: 'The topology is not valid' });
    // Neither the form (which cannot hold it) nor the server takes it.
    await page.getByRole('tab', { name: 'Form' }).click();
    await issues.getByText('task.tasks.1.args').waitFor();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await issues.getByText(/expected array/).waitFor();
    await screenshot('form-json-invalid');
    // The server's own checks come back by path too: "<secret>" keeps a stored secret, and there is none.
    const refused = structuredClone(topology) as unknown as { task: { tasks: Record<string, unknown>[] } };
    refused.task.tasks[1]!.secretEnv = { NONE_STORED: '<secret>' };
    await fillJson(refused);
    await page.getByRole('button', { name: 'Save changes' }).click();
    await issues.getByText('task.tasks.1.secretEnv.NONE_STORED').waitFor();
    expect(page.url()).toMatch(/\/topologies\/chain\/edit$/);
    expect((await storedTopology('chain')).topology).toEqual(topology);
    expect((await fetch(`${server.url}/apis/v1/topologies/chain`, { method: 'DELETE' })).status).toBe(200);
  });

  it('shows the cluster', async () => {
    await page.goto(`${server.url}/cluster`);
    await page.getByText('LEADER').first().waitFor();
    await page.getByText(server.url).first().waitFor();
    await screenshot('cluster');
  });

  it('cannot be framed by a page on another origin', async () => {
    // Another port is another origin: a click-jacking page on this machine, nothing leaves loopback.
    const attacker = await startFramingPage(`${server.url}/topologies/hello`);
    try {
      const framer = await browser.newPage();
      const refused = framer.waitForEvent('console', (message) =>
        /frame-ancestors 'none'/.test(message.text()),
      );
      await framer.goto(attacker.url);
      await refused;
      const frame = framer.frames().find((candidate) => candidate !== framer.mainFrame());
      expect(await frame?.locator('#root').count()).toBe(0);
      await framer.close();
    } finally {
      await attacker.close();
    }
  });

  it('deletes after confirmation', async () => {
    await page.goto(`${server.url}/topologies/hello`);
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByRole('button', { name: 'Delete topology' }).click();
    await page.waitForURL(`${server.url}/topologies`);
    await expect.poll(() => apiStatus('/apis/v1/topologies/hello')).toBe(404);
  });

  it('exports every topology and imports a file, showing what it will do first', async () => {
    const created = await postTopology({
      name: 'exported',
      task: { type: 'HTTP', taskName: 'call', method: 'POST', url: 'http://127.0.0.1:9/hook' },
      trigger: { type: 'CRON', timeSpec: '0 0 5 * * ?', timeZone: 'UTC' },
    });
    expect(created).toBe(200);
    await page.goto(`${server.url}/topologies`);
    const downloading = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Export topologies' }).click();
    const exported = JSON.parse(
      await readFile((await (await downloading).path())!, 'utf8'),
    ) as TopologyExport;
    const entry = exported.topologies.find((item) => item.topology.name === 'exported');
    expect(entry?.topology).toEqual((await storedTopology('exported')).topology);

    // The same file plus a new, paused topology: one to create, the rest unchanged.
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'epoch-import-')), 'topologies.json');
    const added = { topology: { ...entry!.topology, name: 'imported' }, state: 'PAUSED' as const };
    await writeFile(file, JSON.stringify({ ...exported, topologies: [...exported.topologies, added] }));
    await page.getByRole('button', { name: 'Import topologies' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import topologies' });
    const choosing = page.waitForEvent('filechooser');
    await dialog.getByRole('button', { name: /Choose export file/ }).click();
    await (await choosing).setFiles(file);
    await dialog.getByText('imported').first().waitFor();
    await screenshot('import-preview');
    expect(await apiStatus('/apis/v1/topologies/imported')).toBe(404);
    await dialog.getByRole('button', { name: /^Import \d+ topolog/ }).click();
    await expect.poll(() => apiStatus('/apis/v1/topologies/imported')).toBe(200);
    expect((await storedTopology('imported')).state).toBe('PAUSED');
    for (const name of ['exported', 'imported']) {
      expect((await fetch(`${server.url}/apis/v1/topologies/${name}`, { method: 'DELETE' })).status).toBe(
        200,
      );
    }
  });

  it('renders the first page of 10,000 topologies', async () => {
    await postCronHttpTopologies(
      Array.from({ length: 10_000 }, (_, i) => `bulk-${String(i).padStart(5, '0')}`),
    );
    // Measured, not asserted (timings belong in a benchmark): a fresh page load each time, after the
    // creation burst has settled; the figure is in the test output and the notes.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const timings: number[] = [];
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      await page.goto(`${server.url}/topologies`);
      await page.getByRole('link', { name: 'bulk-00000' }).waitFor();
      timings.push(Math.round(performance.now() - started));
    }
    await page.getByText(/of 10,000/).waitFor();
    console.log(`first page of 10,000 topologies, page load to first row: ${timings.join(', ')} ms`);
    await screenshot('topologies-10000');
  }, 180_000);

  it('fits a phone screen', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
    await phone.goto(`${server.url}/topologies`);
    await phone.getByRole('heading', { name: 'Topologies' }).waitFor();
    // Runs in the page, where `document` exists; the test's own tsconfig has no DOM types.
    const width = await phone.evaluate('document.documentElement.scrollWidth');
    expect(width).toBeLessThanOrEqual(390);
    await phone.screenshot({ path: path.join(SCREENSHOTS, 'topologies-phone.png') });
    await phone.close();
  });
});
