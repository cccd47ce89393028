// Labels and bulk actions in Chromium against a real Epoch server: the label filter, chips, ticking rows and
// pausing, resuming and deleting them together, and labels and owner in the form.
import { expect, it } from 'vitest';
import {
  apiStatus,
  page,
  postTopology,
  screenshot,
  server,
  storedTopology,
  useWebUiWorld,
} from './support/web-ui-world.js';

useWebUiWorld();

it('filters the list by label and pauses, resumes and deletes the ticked topologies in bulk', async () => {
  const labelled = (name: string, labels: Record<string, string>) =>
    postTopology({
      name,
      labels,
      task: { type: 'HTTP', taskName: 'call', method: 'POST', url: 'http://127.0.0.1:9/hook' },
      trigger: { type: 'CRON', timeSpec: '0 0 4 * * ?', timeZone: 'UTC' },
    });
  expect(await labelled('labels-pay-a', { team: 'payments' })).toBe(200);
  expect(await labelled('labels-pay-b', { team: 'payments', tier: 'web' })).toBe(200);
  expect(await labelled('labels-ops', { team: 'ops' })).toBe(200);

  await page.goto(`${server.url}/topologies`);
  const row = (name: string) => page.getByRole('row').filter({ has: page.getByRole('link', { name }) });
  await row('labels-ops').getByText('team=ops').waitFor();
  await page.getByRole('textbox', { name: 'Labels' }).fill('team=payments');
  await page.waitForURL(/label=team%3Dpayments/);
  await row('labels-pay-b').getByText('tier=web').waitFor();
  await expect.poll(() => row('labels-ops').count()).toBe(0);
  await expect.poll(() => page.getByRole('row').count()).toBe(3); // the header and two
  await screenshot('topologies-label-filter');
  // A label chip adds itself to the filter; back to the team's topologies after.
  await row('labels-pay-b').getByRole('button', { name: 'tier=web' }).click();
  await expect
    .poll(() => page.getByRole('textbox', { name: 'Labels' }).inputValue())
    .toBe('team=payments, tier=web');
  await expect.poll(() => row('labels-pay-a').count()).toBe(0);
  await page.getByRole('textbox', { name: 'Labels' }).fill('team=payments');
  await row('labels-pay-a').waitFor();

  await page.getByRole('checkbox', { name: 'Select labels-pay-a' }).check();
  await page.getByRole('checkbox', { name: 'Select labels-pay-b' }).check();
  const bar = page.getByRole('toolbar', { name: 'Bulk actions' });
  await bar.getByText('2 selected').waitFor();
  await screenshot('topologies-bulk-selected');
  await bar.getByRole('button', { name: 'Pause' }).click();
  await page.getByText('2 topologies paused').waitFor();
  for (const name of ['labels-pay-a', 'labels-pay-b'])
    await expect.poll(async () => (await storedTopology(name)).state).toBe('PAUSED');
  expect((await storedTopology('labels-ops')).state).toBe('ACTIVE');
  // The selection is cleared once done; the rows show their new state.
  await expect.poll(() => bar.count()).toBe(0);
  await row('labels-pay-a').getByText('PAUSED').waitFor();

  await page.getByRole('checkbox', { name: 'Select all topologies on this page' }).check();
  await bar.getByRole('button', { name: 'Resume' }).click();
  await page.getByText('2 topologies resumed').waitFor();
  for (const name of ['labels-pay-a', 'labels-pay-b'])
    await expect.poll(async () => (await storedTopology(name)).state).toBe('ACTIVE');

  // Delete asks first; the filter's other topology is untouched. The later tests count topologies.
  await page.getByRole('checkbox', { name: 'Select all topologies on this page' }).check();
  await bar.getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('button', { name: 'Delete 2 topologies' }).click();
  for (const name of ['labels-pay-a', 'labels-pay-b'])
    await expect.poll(() => apiStatus(`/apis/v1/topologies/${name}`)).toBe(404);
  expect(await apiStatus('/apis/v1/topologies/labels-ops')).toBe(200);

  // The topology page shows its labels; the form edits them and the owner, and removes a label.
  await page.goto(`${server.url}/topologies/labels-ops`);
  await page.getByText('team=ops').waitFor();
  await page.getByRole('link', { name: 'Edit' }).click();
  await page.waitForURL(/\/edit$/);
  await page.getByRole('textbox', { name: 'Owner' }).fill('ops@example.com');
  await page.getByRole('button', { name: 'Remove label 1' }).click();
  await page.getByRole('button', { name: 'Add label' }).click();
  await page.getByRole('textbox', { name: 'Label 1 key' }).fill('tier');
  await page.getByRole('textbox', { name: 'Label 1 value' }).fill('batch');
  await screenshot('form-labels');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.waitForURL(/\/topologies\/labels-ops$/);
  await page.getByText('tier=batch').waitFor();
  await page.getByText('owner: ops@example.com').waitFor();
  expect((await storedTopology('labels-ops')).topology).toMatchObject({
    labels: { tier: 'batch' },
    owner: 'ops@example.com',
  });
  expect((await storedTopology('labels-ops')).topology.labels).not.toHaveProperty('team');
  expect((await fetch(`${server.url}/apis/v1/topologies/labels-ops`, { method: 'DELETE' })).status).toBe(200);
});
