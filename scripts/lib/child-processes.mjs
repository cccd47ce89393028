// Long-running helper processes (dockerd, ZooKeeper): their log files, readiness and shutdown.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const LOG_TAIL_LINES = 40;
const POLL_INTERVAL_MS = 100;
const GRACEFUL_STOP_MS = 10_000;

/**
 * Starts a background process whose stdout and stderr are appended to `logPath`, and resolves once it runs
 * (rejecting when it cannot, e.g. the command is not installed). It gets its own process group so that a
 * Ctrl-C in the terminal reaches only our foreground processes: whoever started it decides when it stops.
 */
export async function spawnWithLog(command, args, { logPath }) {
  mkdirSync(path.dirname(logPath), { recursive: true });
  const log = openSync(logPath, 'a');
  try {
    const child = spawn(command, args, { detached: true, stdio: ['ignore', log, log] });
    await once(child, 'spawn');
    return child;
  } finally {
    closeSync(log);
  }
}

/** The last lines of a log file, for error messages; empty when there is no log yet. */
async function readLogTail(logPath, lines = LOG_TAIL_LINES) {
  const text = await readFile(logPath, 'utf8').catch(() => '');
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

function hasExited(child) {
  return child.exitCode !== null || child.signalCode !== null;
}

/**
 * Polls `isReady` until it resolves true. Rejects, with the tail of the child's log, as soon as the child
 * exits or once `timeoutMs` has passed.
 */
export async function waitForChildReady({ child, isReady, timeoutMs, name, logPath }) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await isReady()) return;
    if (hasExited(child)) {
      const how = child.signalCode ?? `code ${child.exitCode}`;
      throw new Error(`${name} exited (${how}) before it was ready. ${await describeLog(logPath)}`);
    }
    if (Date.now() >= deadline) {
      throw new Error(`${name} was not ready within ${timeoutMs / 1000} s. ${await describeLog(logPath)}`);
    }
    await sleep(POLL_INTERVAL_MS);
  }
}

async function describeLog(logPath) {
  return `Last lines of ${logPath}:\n${await readLogTail(logPath)}`;
}

/**
 * Sends `signal` and resolves once the child has exited, escalating to SIGKILL after `graceMs` (10 s by
 * default).
 */
export async function stopChild(child, signal = 'SIGTERM', graceMs = GRACEFUL_STOP_MS) {
  if (hasExited(child)) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  const escalation = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(escalation);
}

/**
 * Makes sure `child` does not outlive this process, however this process ends (including SIGKILL, which
 * runs no exit handlers; vitest also ends its workers with a plain SIGTERM). A tiny `sh` watchdog holds the
 * read end of a pipe whose write end only this process has: when this process is gone the read returns
 * end-of-file and the watchdog sends SIGTERM to the child.
 */
export function tieLifetimeToParent(child) {
  const watchdog = spawn(
    'sh',
    ['-c', 'read _; kill -TERM "$1" 2>/dev/null', 'epoch-watchdog', String(child.pid)],
    {
      detached: true,
      stdio: ['pipe', 'ignore', 'ignore'],
    },
  );
  // Neither the watchdog nor its pipe may keep this process alive.
  watchdog.unref();
  watchdog.stdin.unref();
  child.once('exit', () => watchdog.kill('SIGKILL'));
}
