// Shared plumbing for the bootstrap scripts. Only node: built-ins: setup runs before node_modules exists.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { PROJECT_ROOT } from './project-paths.mjs';

/** A failure the user can act on: printed as one message, without a stack trace. */
export class UserFacingError extends Error {}

/** Returns a printer for progress lines such as "epoch setup: …". */
export function reporter(scope) {
  return (message) => console.log(`epoch ${scope}: ${message}`);
}

/**
 * Runs a script's main function and turns its outcome into the process exit code: the number it returns,
 * or 1 with just the message for a UserFacingError. Anything else is a bug and keeps its stack trace.
 */
export async function runCli(main) {
  try {
    process.exitCode = (await main()) ?? 0;
  } catch (error) {
    if (!(error instanceof UserFacingError)) throw error;
    console.error(`epoch: ${error.message}`);
    process.exitCode = 1;
  }
}

/** Runs a command in the project with the terminal attached and resolves with its exit code. */
export function runCommand(command, args, { env = process.env } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: PROJECT_ROOT, env, stdio: 'inherit' });
    child.once('error', (error) => {
      const reason =
        error.code === 'ENOENT' ? 'is not installed or not on PATH' : `could not run: ${error.message}`;
      reject(new UserFacingError(`${command} ${reason}`));
    });
    child.once('exit', (code, signal) => resolve(exitCodeOf(code, signal)));
  });
}

/** Runs a command like runCommand and fails with a clear message when it does not exit with 0. */
export async function runCommandOrFail(command, args, options) {
  const code = await runCommand(command, args, options);
  if (code !== 0) throw new UserFacingError(`${[command, ...args].join(' ')} failed with exit code ${code}`);
}

/** A child's exit as a shell would report it: its code, or 128 + the signal number that killed it. */
export function exitCodeOf(code, signal) {
  return code ?? 128 + (constants.signals[signal] ?? 0);
}
