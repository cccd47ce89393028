// Debian's Chromium driven by playwright-core: no browser download, the same binary users have.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';

function findChromium(): string | undefined {
  const folders = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  return [...folders, '/usr/bin']
    .flatMap((folder) => ['chromium', 'chromium-browser'].map((name) => path.join(folder, name)))
    .find((candidate) => existsSync(candidate));
}

/** Launches headless Chromium; set-up (`npm test`) installs Debian's `chromium` package. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error('Chromium is not installed: run `node scripts/setup.mjs --for=test`');
  return chromium.launch({
    executablePath,
    headless: true,
    // Root (as in CI) cannot use Chromium's sandbox; the pages tested are our own.
    args: process.getuid?.() === 0 ? ['--no-sandbox'] : [],
  });
}
