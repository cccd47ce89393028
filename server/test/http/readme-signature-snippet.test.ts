// The verification snippet the README gives receivers, run as written against a real signed call: if the
// signature or the README changes alone, this fails.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, it } from 'vitest';
import { EgressPolicy } from '../../src/egress/egress-policy.js';
import { HttpTaskRunner } from '../../src/runners/http/http-task-runner.js';
import { systemClock } from '../../src/time/clock.js';
import { LOOPBACK_ALLOWED } from '../support/test-node.js';
import { attemptContext, httpTask } from './http-fixtures.js';
import { receiversClosedAfterEach } from './receiver.js';

const SECRET = 'whsec_readme_snippet';
const startReceiver = receiversClosedAfterEach();

type FromEpoch = (req: Partial<IncomingMessage>, rawBody: Buffer, secret: string, origin: string) => boolean;

async function readmeSnippet(): Promise<FromEpoch> {
  const readme = await readFile(new URL('../../../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('### Verifying HTTP task signatures'));
  const code = /```js\n([\s\S]*?)```/.exec(section)?.[1];
  if (!code) throw new Error('no js block under "Verifying HTTP task signatures" in the README');
  const dir = await mkdtemp(path.join(tmpdir(), 'epoch-snippet-'));
  try {
    const file = path.join(dir, 'snippet.mjs');
    await writeFile(file, `${code}\nexport { fromEpoch };\n`);
    return ((await import(pathToFileURL(file).href)) as { fromEpoch: FromEpoch }).fromEpoch;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

it("verifies a real signed call with the README's snippet, and refuses it replayed to another path", async () => {
  const fromEpoch = await readmeSnippet();
  const hook = await startReceiver('127.0.0.1');
  const runner = new HttpTaskRunner({
    userAgent: 'epoch/test',
    defaultTimeoutSeconds: 5,
    signingSecret: SECRET,
    egress: new EgressPolicy(LOOPBACK_ALLOWED),
    clock: systemClock,
  });
  await runner.run(
    httpTask({ url: `${hook.url}/hooks/billing?batch=7`, body: { amount: 100 } }),
    attemptContext(),
  );
  const request = hook.received[0]!;
  const req = { method: request.method, url: request.path, headers: request.headers };
  expect(fromEpoch(req, request.rawBody, SECRET, hook.url)).toBe(true);
  expect(fromEpoch({ ...req, url: '/hooks/refund?batch=7' }, request.rawBody, SECRET, hook.url)).toBe(false);
  expect(fromEpoch(req, Buffer.from('{"amount":900}'), SECRET, hook.url)).toBe(false);
  expect(fromEpoch(req, request.rawBody, 'another-secret', hook.url)).toBe(false);
});
