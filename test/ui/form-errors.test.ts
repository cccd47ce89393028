// The topology form's errors in Chromium against a real Epoch server: what only the server refuses (a taken
// name, an address the egress policy refuses) is shown at the field it is about, and a change that can make an
// error wrong clears it.
import { expect, it } from 'vitest';
import { BUSYBOX_IMAGE } from '../harness/docker-images.js';
import {
  busyboxTopology,
  page,
  postTopology,
  screenshot,
  server,
  storedTopology,
  useWebUiWorld,
} from './support/web-ui-world.js';

useWebUiWorld();

it('clears "must be in the future" when the zone the AT time is read in changes', async () => {
  const time = Date.now() + 2 * 3_600_000;
  expect(await postTopology({ ...busyboxTopology('form-at', ['true']), trigger: { type: 'AT', time } })).toBe(
    200,
  );
  await page.goto(`${server.url}/topologies/form-at/edit`);
  const zone = page.getByRole('combobox', { name: 'Time zone' });
  const chooseZone = async (name: string) => {
    await zone.fill(name);
    await page.getByRole('option', { name }).click();
  };
  // The form reads the AT time on the viewer's wall clock; read 14 hours ahead of UTC instead, it has passed.
  const viewerZone = await zone.inputValue();
  await chooseZone('Pacific/Kiritimati');
  await page.getByRole('button', { name: 'Save changes' }).click();
  const error = page.getByText('must be in the future');
  await error.waitFor();
  await chooseZone(viewerZone);
  await expect.poll(() => error.count()).toBe(0);
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.waitForURL(/\/topologies\/form-at$/);
});

it('shows a taken name at the name when creating, and clears it when the name changes', async () => {
  expect(await postTopology(busyboxTopology('form-taken', ['true']))).toBe(200);
  await page.goto(`${server.url}/topologies/new`);
  const name = page.getByRole('textbox', { name: 'Name', exact: true });
  await name.fill('form-taken');
  await page.getByLabel('Cron expression').fill('0 0 3 * * ?');
  await page.getByLabel('Image').fill(BUSYBOX_IMAGE);
  await page.getByRole('button', { name: 'Create topology' }).click();
  await expect.poll(() => name.getAttribute('aria-invalid')).toBe('true');
  expect(page.url()).toMatch(/\/topologies\/new$/);
  await name.fill('form-taken-2');
  await expect.poll(() => name.getAttribute('aria-invalid')).not.toBe('true');
});

it('shows a webhook address the egress policy refuses under its URL, opening the policies', async () => {
  await page.goto(`${server.url}/topologies/form-taken/edit`);
  const policies = page.getByRole('button', { name: 'Policies' });
  await policies.click();
  await page.getByText('Webhook', { exact: true }).click();
  // Link-local: refused when written, so nothing is ever sent there.
  await page.getByLabel('Webhook URL').fill('http://169.254.169.254/hook');
  await policies.click();
  await expect.poll(() => policies.getAttribute('aria-expanded')).toBe('false');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.getByText(/not allowed by the egress policy/).waitFor();
  expect(await page.getByLabel('Webhook URL').getAttribute('aria-invalid')).toBe('true');
  await screenshot('form-server-issue');
  expect((await storedTopology('form-taken')).topology).not.toHaveProperty('notify');
});
