// Debian's Chromium driven by playwright-core: no browser download, the same binary users have.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

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

/** A Content-Security-Policy violation a page reported. */
export interface CspViolation {
  directive: string;
  blockedUri: string;
  sample: string;
  documentUri: string;
  /** Where the offending code is: `file:line:column`. */
  source: string;
}

/**
 * Collects every CSP violation reported by any page of `context` from now on (the `securitypolicyviolation`
 * event, listened for before the page's own scripts run) into `violations`, as they come.
 */
export async function recordCspViolations(
  context: BrowserContext,
  violations: CspViolation[] = [],
): Promise<CspViolation[]> {
  await context.exposeBinding('__epochCspViolation', (_source, violation: CspViolation) => {
    violations.push(violation);
  });
  // A string: it runs in the page, where `document` is, not in Node where this file is type-checked.
  await context.addInitScript(`
    document.addEventListener('securitypolicyviolation', (event) => {
      void window.__epochCspViolation({
        directive: event.effectiveDirective,
        blockedUri: event.blockedURI,
        sample: event.sample,
        documentUri: event.documentURI,
        source: event.sourceFile + ':' + event.lineNumber + ':' + event.columnNumber,
      });
    });
  `);
  return violations;
}
