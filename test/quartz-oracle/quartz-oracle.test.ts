/**
 * The oracle that regenerates shared/test-fixtures still gives the committed answers, on a few hundred cases
 * (about 2 s). Skipped where Debian's Quartz or a JDK is missing: `npm test` does not install them, and
 * `npm run quartz:fixtures` (which does) regenerates and compares every file.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  compileOracle,
  FIXTURES_DIR,
  oracleToolchainPresent,
  runOracle,
  runOracleOnFixture,
} from './oracle.mjs';

const present = oracleToolchainPresent();
if (!present) {
  console.log('quartz-oracle: skipped, no Quartz jar or JDK (node scripts/setup.mjs --for=quartz-oracle)');
}

function committed(name: string): string {
  return readFileSync(path.join(FIXTURES_DIR, `${name}.jsonl`), 'utf8');
}

describe.skipIf(!present)('the Quartz oracle', () => {
  let buildDir: string;
  beforeAll(async () => {
    buildDir = mkdtempSync(path.join(tmpdir(), 'epoch-quartz-oracle-'));
    await compileOracle(buildDir);
  });
  afterAll(() => rmSync(buildDir, { recursive: true, force: true }));

  it('reproduces quartz-targeted.jsonl byte for byte', async () => {
    expect(await runOracleOnFixture('quartz-targeted', { buildDir })).toBe(committed('quartz-targeted'));
  });

  it('reproduces the reference file in its own shape (no count), on its first 200 cases', async () => {
    const input = readFileSync(path.join(FIXTURES_DIR, 'quartz-2.3.2-fixtures.input.tsv'), 'utf8');
    const firstLines = (text: string) => text.split('\n').slice(0, 200).join('\n') + '\n';
    const output = await runOracle(firstLines(input), { buildDir, withCount: false });
    expect(output).toBe(firstLines(committed('quartz-2.3.2-fixtures')));
  });

  it('escapes notes as JSON and refuses a time zone the JDK does not know', async () => {
    const output = await runOracle('0 0 12 * * ?\tUTC\t0\t1\tsays "noon" \\ tab-free\n', { buildDir });
    expect(JSON.parse(output)).toEqual({
      expression: '0 0 12 * * ?',
      timeZone: 'UTC',
      from: 0,
      valid: true,
      next: [43_200_000],
      count: 1,
      note: 'says "noon" \\ tab-free',
    });
    await expect(runOracle('0 0 12 * * ?\tEurope/Nowhere\t0\t1\n', { buildDir })).rejects.toThrow(
      /does not know the time zone Europe\/Nowhere/,
    );
  });
});
