// The topology form in Chromium against a real Epoch server: what only the server refuses (a taken name, an
// address the egress policy refuses) is shown at the field it is about, and a change there clears it.
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
