// Compiles and runs QuartzOracle.java (beside this file) against Debian's Quartz 2.3.2. Only node: built-ins,
// so that `npm run quartz:fixtures` works before node_modules exists.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { UserFacingError } from '../../scripts/lib/cli.mjs';
import { findCommand, QUARTZ_JAR } from '../../scripts/lib/system-packages.mjs';

export const ORACLE_SOURCE = fileURLToPath(new URL('QuartzOracle.java', import.meta.url));
/** Where `npm run quartz:fixtures` puts the compiled oracle (git-ignored). */
export const DEFAULT_BUILD_DIR = fileURLToPath(new URL('build/', import.meta.url));
export const FIXTURES_DIR = fileURLToPath(new URL('../../shared/test-fixtures/', import.meta.url));
/** The reference file was handed over without a "count" on each line, and is kept in that shape. */
export const FILES_WITHOUT_COUNT = ['quartz-2.3.2-fixtures'];

/** Against a case on which Quartz never returns (see shared/test-fixtures/README.md): a file takes < 1 s. */
const RUN_TIMEOUT_MS = 5 * 60_000;

/** Whether this machine has what the oracle needs (`node scripts/setup.mjs --for=quartz-oracle` brings it). */
export function oracleToolchainPresent() {
  return existsSync(QUARTZ_JAR) && findCommand('javac') !== undefined && findCommand('java') !== undefined;
}

/** Compiles the oracle into buildDir. */
export async function compileOracle(buildDir = DEFAULT_BUILD_DIR) {
  await run('javac', ['-Xlint:all', '-Werror', '-cp', QUARTZ_JAR, '-d', buildDir, ORACLE_SOURCE]);
}

/**
 * Runs the compiled oracle on input lines (EXPRESSION, TIME_ZONE, FROM_MS, COUNT and an optional NOTE,
 * tab-separated) and resolves with its JSON lines.
 */
export async function runOracle(input, { buildDir = DEFAULT_BUILD_DIR, withCount = true } = {}) {
  const classPath = [QUARTZ_JAR, buildDir].join(':');
  const args = ['-cp', classPath, 'QuartzOracle', ...(withCount ? [] : ['--without-count'])];
  return run('java', args, input);
}

/** The oracle's output for a fixture input file, e.g. `quartz-targeted` for quartz-targeted.input.tsv. */
export async function runOracleOnFixture(name, { buildDir = DEFAULT_BUILD_DIR } = {}) {
  const input = await readFile(`${FIXTURES_DIR}${name}.input.tsv`, 'utf8');
  return runOracle(input, { buildDir, withCount: !FILES_WITHOUT_COUNT.includes(name) });
}

function run(command, args, input) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const stdout = [];
    const stderr = [];
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
    child.stdout.on('data', (chunk) => stdout.push(chunk));
    child.stderr.on('data', (chunk) => stderr.push(chunk));
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(
        new UserFacingError(
          `${command} could not run (${error.message}); try node scripts/setup.mjs --for=quartz-oracle`,
        ),
      );
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) {
        resolve(Buffer.concat(stdout).toString('utf8'));
        return;
      }
      const why =
        signal === 'SIGKILL'
          ? `gave no answer within ${RUN_TIMEOUT_MS / 1000} s`
          : `failed (${signal ?? code})`;
      reject(new UserFacingError(`${command} ${why}:\n${Buffer.concat(stderr).toString('utf8')}`));
    });
    child.stdin.on('error', () => {}); // a child that exits early is reported by 'close'
    child.stdin.end(input ?? '');
  });
}
