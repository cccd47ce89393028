// logs() against the real Docker Engine: what was printed, on which stream, and live while it is printed.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LogChunk } from '../../src/runners/container/runtime/container-runtime.js';
import { ContainerNotFoundError } from '../../src/runners/container/runtime/runtime-errors.js';
import { outputOf, removeAll, startSuite, type Suite } from './runtime-fixtures.js';

let suite: Suite;

beforeAll(async () => {
  suite = await startSuite('logs');
});
afterEach(async () => {
  await removeAll(suite.runtime);
});

const collect = async (chunks: AsyncIterable<LogChunk>) => {
  const collected: LogChunk[] = [];
  for await (const chunk of chunks) collected.push(chunk);
  return collected;
};
const textOf = (chunks: LogChunk[], stream: LogChunk['stream']) =>
  chunks
    .filter((chunk) => chunk.stream === stream)
    .map((chunk) => chunk.bytes.toString())
    .join('');

describe('logs', () => {
  it('returns what a finished container printed, stdout and stderr apart, and ends', async () => {
    const spec = suite.spec(['sh', '-c', 'echo out-1; echo err-1 >&2; echo out-2; echo "ünïcødé ✓"']);
    await suite.runtime.launch(spec);
    await outputOf(suite.runtime, spec.name);

    const chunks = await collect(suite.runtime.logs(spec.name, { follow: false }));

    expect(textOf(chunks, 'stdout')).toBe('out-1\nout-2\nünïcødé ✓\n');
    expect(textOf(chunks, 'stderr')).toBe('err-1\n');
  });

  it('returns long output whole, however slowly it is read', async () => {
    const spec = suite.spec(['seq', '1', '20000']);
    await suite.runtime.launch(spec);
    await outputOf(suite.runtime, spec.name);
    let stdout = '';

    for await (const chunk of suite.runtime.logs(spec.name, { follow: false })) {
      stdout += chunk.bytes.toString();
      if (stdout.length % 7 === 0) await new Promise((resolve) => setImmediate(resolve));
    }

    expect(stdout.split('\n').slice(0, -1)).toEqual(Array.from({ length: 20_000 }, (_, i) => String(i + 1)));
  });

  it('returns only the last lines with tail', async () => {
    const spec = suite.spec(['sh', '-c', 'for i in 1 2 3 4 5; do echo line$i; done']);
    await suite.runtime.launch(spec);
    await outputOf(suite.runtime, spec.name);

    const chunks = await collect(suite.runtime.logs(spec.name, { follow: false, tail: 2 }));

    expect(textOf(chunks, 'stdout')).toBe('line4\nline5\n');
  });

  it('returns only what was printed since a time', async () => {
    const spec = suite.spec(['sh', '-c', 'echo early; sleep 1; echo late']);
    await suite.runtime.launch(spec);
    await waitForOutput(spec.name, 'early\n');
    const since = Date.now();
    await outputOf(suite.runtime, spec.name);

    const chunks = await collect(suite.runtime.logs(spec.name, { follow: false, since }));

    expect(textOf(chunks, 'stdout')).toBe('late\n');
  });

  it('without follow, stops at what a running container has printed so far', async () => {
    const spec = suite.spec(['sh', '-c', 'echo started; sleep 30']);
    await suite.runtime.launch(spec);
    await waitForOutput(spec.name, 'started\n');
    const startedAt = Date.now();

    const chunks = await collect(suite.runtime.logs(spec.name, { follow: false }));

    expect(textOf(chunks, 'stdout')).toBe('started\n');
    expect(Date.now() - startedAt).toBeLessThan(2_000);
  });

  it('follows lines as they are printed and ends when the container exits', async () => {
    const spec = suite.spec(['sh', '-c', 'for i in 1 2 3; do echo line$i; sleep 0.3; done']);
    await suite.runtime.launch(spec);
    const arrivals: [string, number][] = [];

    for await (const chunk of suite.runtime.logs(spec.name, { follow: true })) {
      arrivals.push([chunk.bytes.toString(), Date.now()]);
    }

    expect(arrivals.map(([text]) => text).join('')).toBe('line1\nline2\nline3\n');
    // Streamed, not delivered at the end: the first line came well before the last.
    const first = arrivals[0]?.[1] ?? 0;
    const last = arrivals.at(-1)?.[1] ?? 0;
    expect(last - first).toBeGreaterThanOrEqual(400);
    expect(await suite.runtime.inspect(spec.name)).toMatchObject({ state: 'exited', exitCode: 0 });
  });

  it('stops following when the signal aborts', async () => {
    const spec = suite.spec(['sh', '-c', 'while true; do echo tick; sleep 0.1; done']);
    await suite.runtime.launch(spec);
    const controller = new AbortController();
    let text = '';

    for await (const chunk of suite.runtime.logs(spec.name, { follow: true, signal: controller.signal })) {
      text += chunk.bytes.toString();
      if (text.includes('tick\ntick\n')) controller.abort();
    }

    expect(text).toMatch(/^(tick\n){2,}$/);
    expect(await suite.runtime.inspect(spec.name)).toMatchObject({ state: 'running' });
  });

  it('rejects with ContainerNotFoundError for a container that does not exist', async () => {
    const logs = collect(suite.runtime.logs('epoch-no-such-container', { follow: false }));

    await expect(logs).rejects.toBeInstanceOf(ContainerNotFoundError);
  });
});

async function waitForOutput(name: string, expected: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (textOf(await collect(suite.runtime.logs(name, { follow: false })), 'stdout') === expected) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${name} did not print ${expected}`);
}
