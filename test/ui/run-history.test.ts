// The topology page's run history chart in Chromium, against a real Epoch server with real containers: one bar per
// run, coloured by state, with the success rate; under the server's CSP with no violation.
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

/** Starts an instant run through the API and waits until it has ended; returns its state. */
async function runToEnd(topologyId: string): Promise<string> {
  const runId = await startRun(topologyId);
  let state = 'RUNNING';
  await expect
    .poll(async () => (state = await runStateOf(topologyId, runId)), { timeout: 30_000, interval: 250 })
    .not.toBe('RUNNING');
  return state;
}

it('draws one bar per run of a topology, with its success rate', async () => {
  const created = await postTopology(busyboxTopology('charted', ['sh', '-c', 'sleep 0.2']));
  expect(created).toBe(200);
  for (let run = 0; run < 5; run++) expect(await runToEnd('charted')).toBe('COMPLETED');

  await page.goto(`${server.url}/topologies/charted`);
  const chart = page.getByRole('img', { name: 'Run history' });
  await chart.waitFor();
  await expect.poll(() => chart.locator('.recharts-bar-rectangle').count()).toBe(5);
  await page.getByText(/Success rate\s*100 %/).waitFor();
  // Hovering a bar names its run.
  await chart.locator('.recharts-bar-rectangle').last().hover();
  await page
    .getByText(/EIR-\d{4}-/)
    .first()
    .waitFor();
  await screenshot('run-history');
}, 120_000);
