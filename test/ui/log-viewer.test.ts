// The run page's log viewer end to end: Debian's Chromium against a real Epoch server process (which serves the
// strict Content-Security-Policy), a real ZooKeeper and a real BusyBox container printing 100,000 lines, some in
// colour: the colours show, only the lines in view are in the page, and search finds and shows every match.
import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
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

const LINES = 100_000;
// Two lines, then "line 1" … "line 100000", every 5,000th also saying "needle" (line i is the page's i + 2),
// then a long one.
const SCRIPT = [
  String.raw`printf '\033[31mred alert\033[0m then \033[1;32mbold green\033[0m\033]0;a title\007\n'`,
  `echo '<b>not bold</b>'`,
  `i=1; while [ $i -le ${LINES} ]; do`,
  `  if [ $((i % 5000)) -eq 0 ]; then echo "line $i needle"; else echo "line $i"; fi; i=$((i + 1))`,
  `done`,
  `head -c 400 /dev/zero | tr '\\0' x; echo ' faraway'`,
].join('\n');

/** A CSS property's computed value on the element `locator` finds. */
const computed = (locator: Locator, property: string) =>
  locator.evaluate(
    (element, name) => element.ownerDocument.defaultView?.getComputedStyle(element).getPropertyValue(name),
    property,
  );

/** Whether `inner` is wholly inside `outer` on the screen. */
async function isWithin(inner: Locator, outer: Locator): Promise<boolean> {
  const [a, b] = await Promise.all([inner.boundingBox(), outer.boundingBox()]);
  if (!a || !b) return false;
  return a.y >= b.y && a.y + a.height <= b.y + b.height && a.x >= b.x && a.x + a.width <= b.x + b.width;
}

describe('the log viewer', () => {
  it('shows a 100,000-line log in colour, holding only the lines in view, and searches it', async () => {
    const consoleErrors: string[] = [];
    const onConsole = (message: { type: () => string; text: () => string }) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    };
    page.on('console', onConsole);
    expect(await postTopology(busyboxTopology('printer', ['sh', '-c', SCRIPT]))).toBe(200);
    const runId = await startRun('printer');
    await expect.poll(() => runStateOf('printer', runId), { timeout: 60_000 }).toBe('COMPLETED');

    const opened = Date.now();
    await page.goto(`${server.url}/topologies/printer/runs/${runId}`);
    const log = page.getByRole('log', { name: 'Log of main' });
    await page.getByText('End of log').waitFor({ timeout: 30_000 });
    console.log(
      `${LINES.toLocaleString('en')}-line log, page load to its end shown: ${Date.now() - opened} ms`,
    );
    // A finished log opens at its end.
    await log.getByText(`line ${LINES - 1}`, { exact: true }).waitFor();
    const rendered = await log.locator('[data-line]').count();
    expect(rendered).toBeGreaterThan(10);
    expect(rendered).toBeLessThan(200);
    expect(await log.evaluate((element) => element.scrollHeight)).toBeGreaterThan((LINES + 3) * 18 - 1);

    // Back at the start: the colours are the SGR codes', the other codes are gone, markup is text.
    await log.evaluate((element) => (element.scrollTop = 0));
    const red = log.getByText('red alert', { exact: true });
    await red.waitFor();
    expect(await computed(red, 'color')).toBe('rgb(205, 49, 49)');
    const green = log.getByText('bold green', { exact: true });
    expect(await computed(green, 'color')).toBe('rgb(13, 188, 121)');
    expect(Number(await computed(green, 'font-weight'))).toBeGreaterThan(600);
    expect(await log.locator('[data-line="1"]').textContent()).toBe('red alert then bold green');
    expect(await log.locator('[data-line="2"]').textContent()).toBe('<b>not bold</b>');
    expect(await log.locator('b').count()).toBe(0);
    await screenshot('log-viewer-colours');

    const search = page.getByLabel('Search the log of main');
    await search.fill('NEEDLE');
    await page.getByText('1 of 20', { exact: true }).waitFor();
    const current = log.locator('mark[data-current]');
    await expect.poll(() => current.textContent()).toBe('needle');
    await expect.poll(() => isWithin(current, log)).toBe(true);
    expect(await log.locator('[data-line="5002"]').locator('mark[data-current]').count()).toBe(1);
    await screenshot('log-viewer-search');

    await search.press('Enter');
    await page.getByText('2 of 20', { exact: true }).waitFor();
    await expect.poll(() => log.locator('[data-line="10002"] mark[data-current]').count()).toBe(1);
    await expect.poll(() => isWithin(current, log)).toBe(true);
    await search.press('Shift+Enter');
    await page.getByText('1 of 20', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Previous match' }).click();
    await page.getByText('20 of 20', { exact: true }).waitFor();
    await expect.poll(() => log.locator('[data-line="100002"] mark[data-current]').count()).toBe(1);
    await expect.poll(() => isWithin(current, log)).toBe(true);
    expect(await log.locator('[data-line]').count()).toBeLessThan(200);

    // Far along a long line: the view scrolls sideways too.
    await search.fill('faraway');
    await page.getByText('1 of 1', { exact: true }).waitFor();
    await expect.poll(() => log.locator(`[data-line="${LINES + 3}"] mark[data-current]`).count()).toBe(1);
    await expect.poll(() => isWithin(current, log)).toBe(true);
    expect(await log.evaluate((element) => element.scrollLeft)).toBeGreaterThan(0);

    await search.fill('no such text');
    await page.getByText('No matches', { exact: true }).waitFor();
    expect(await log.locator('mark').count()).toBe(0);

    page.off('console', onConsole);
    expect(consoleErrors).toEqual([]);
  });

  it('follows a running task at the end of its log, unless the user scrolled up, until "Follow"', async () => {
    const ticking = `i=1; while [ $i -le 200 ]; do echo "early $i"; i=$((i + 1)); done
      i=1; while [ $i -le 80 ]; do echo "tick $i"; i=$((i + 1)); sleep 0.1; done`;
    expect(await postTopology(busyboxTopology('ticker', ['sh', '-c', ticking]))).toBe(200);
    const runId = await startRun('ticker');
    await page.goto(`${server.url}/topologies/ticker/runs/${runId}`);
    const log = page.getByRole('log', { name: 'Log of main' });
    const distanceToEnd = () =>
      log.evaluate((element) => element.scrollHeight - element.scrollTop - element.clientHeight);

    await page.getByText('Following live output').waitFor({ timeout: 30_000 });
    await log.getByText('tick 3', { exact: true }).waitFor();
    await log.getByText('tick 6', { exact: true }).waitFor();
    expect(await distanceToEnd()).toBeLessThanOrEqual(24);

    // Scrolled up, the view stays put while lines keep coming, and offers to follow again.
    await log.evaluate((element) => (element.scrollTop = 0));
    const follow = page.getByRole('button', { name: 'Follow' });
    await follow.waitFor();
    const linesNow = await log.evaluate((element) => element.scrollHeight);
    await expect.poll(() => log.evaluate((element) => element.scrollHeight)).toBeGreaterThan(linesNow);
    expect(await log.evaluate((element) => element.scrollTop)).toBe(0);
    await log.getByText('early 1', { exact: true }).waitFor();

    await follow.click();
    await expect.poll(distanceToEnd).toBeLessThanOrEqual(24);
    await expect.poll(() => runStateOf('ticker', runId), { timeout: 30_000 }).toBe('COMPLETED');
    await page.getByText('End of log').waitFor();
    await log.getByText('tick 80', { exact: true }).waitFor();
    expect(await distanceToEnd()).toBeLessThanOrEqual(24);
    expect(await follow.count()).toBe(0);
  });
});
