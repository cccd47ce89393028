// The API reference at /apis/docs in Debian's Chromium against a real Epoch server process: Swagger UI renders
// the served OpenAPI document under the server's Content-Security-Policy, with no violation (useWebUiWorld
// fails the test on any).
import { describe, expect, it } from 'vitest';
import { page, screenshot, server, useWebUiWorld } from './support/web-ui-world.js';

useWebUiWorld();

describe('the API reference', () => {
  it('renders /apis/openapi.json with Swagger UI: the title and an operation that opens', async () => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${server.url}/apis/docs`);
    await expect.poll(() => page.title()).toBe('Epoch API');
    await page.getByRole('heading', { name: /^Epoch API/ }).waitFor();
    // Swagger UI breaks long paths with invisible characters: the path is matched on its data attribute.
    const operation = page
      .locator('.opblock-get .opblock-summary-path[data-path="/apis/v1/topologies/{topologyId}"]')
      .first();
    await operation.waitFor();
    await operation.click();
    // The expanded operation names its path parameter, taken from the document.
    await page.locator('.opblock.is-open .parameter__name', { hasText: 'topologyId' }).first().waitFor();
    await screenshot('api-docs');
    expect(errors).toEqual([]);
  });
});
