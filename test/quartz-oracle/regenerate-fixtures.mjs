// `npm run quartz:fixtures`: compiles the Quartz oracle and rewrites every shared/test-fixtures/NAME.jsonl
// from NAME.input.tsv. With --check it writes nothing and fails when a fixture differs from what Quartz says.
// Only node: built-ins, like the setup scripts.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { reporter, runCli, UserFacingError } from '../../scripts/lib/cli.mjs';
import { compileOracle, FIXTURES_DIR, runOracleOnFixture } from './oracle.mjs';

const say = reporter('quartz-oracle');

function checkOnlyFromArguments() {
  try {
    return parseArgs({ options: { check: { type: 'boolean', default: false } } }).values.check;
  } catch (error) {
    throw new UserFacingError(`${error.message}\nusage: npm run quartz:fixtures [-- --check]`);
  }
}

async function main() {
  const checkOnly = checkOnlyFromArguments();
  await compileOracle();
  const names = (await readdir(FIXTURES_DIR))
    .filter((file) => file.endsWith('.input.tsv'))
    .map((file) => file.slice(0, -'.input.tsv'.length))
    .sort();
  if (names.length === 0) throw new UserFacingError(`no *.input.tsv in ${FIXTURES_DIR}`);
  let differing = 0;
  for (const name of names) {
    const output = `${FIXTURES_DIR}${name}.jsonl`;
    const fresh = await runOracleOnFixture(name);
    const committed = await readFile(output, 'utf8').catch(() => undefined);
    const cases = fresh.split('\n').filter((line) => line !== '').length;
    if (fresh === committed) {
      say(`${name}.jsonl: ${cases} cases, unchanged`);
      continue;
    }
    differing += 1;
    if (checkOnly) {
      say(`${name}.jsonl: differs from what Quartz gives now`);
    } else {
      await writeFile(output, fresh);
      say(`${name}.jsonl: ${cases} cases, rewritten`);
    }
  }
  return checkOnly && differing > 0 ? 1 : 0;
}

await runCli(main);
