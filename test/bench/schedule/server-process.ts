// One Epoch server as a real child process (`node server/dist/main.js`), so its RSS and CPU are its own.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, openSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface EpochServerOptions {
  mainJs: string;
  zkConnectionString: string;
  zkRoot: string;
  logPath: string;
  logLevel?: string;
  env?: Record<string, string>;
}

export interface EpochServer {
  url: string;
  pid: number;
  logPath: string;
  /** Resident set size now and its peak (VmHWM), in bytes. */
  memory(): Promise<{ rss: number; peak: number }>;
  /** CPU time used so far (user + system), in ms. */
  cpuMs(): Promise<number>;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;
const live = new Set<ChildProcess>();

export async function startEpochServer(options: EpochServerOptions): Promise<EpochServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const log = openSync(options.logPath, 'a');
  let child: ChildProcess;
  try {
    // BENCH_SERVER_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the server alone.
    const nodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
    child = spawn(process.execPath, [...nodeArgs, options.mainJs], {
      env: {
        ...process.env,
        PORT: String(port),
        ZK_CONNECTION_STRING: options.zkConnectionString,
        ZK_ROOT: options.zkRoot,
        LOG_LEVEL: options.logLevel ?? 'warn',
        EPOCH_CLUSTER: 'bench',
        EPOCH_ADVERTISE_URL: url,
        // Retention prunes runs the benchmark still wants to verify; a day between passes keeps it out.
        EPOCH_RETENTION_INTERVAL_SECONDS: '86400',
        ...options.env,
      },
      stdio: ['ignore', log, log],
    });
    await once(child, 'spawn');
  } finally {
    closeSync(log);
  }
  live.add(child);
  child.once('exit', () => live.delete(child));
  tieLifetimeToThisProcess(child);
  const pid = child.pid as number;
  const server: EpochServer = {
    url,
    pid,
    logPath: options.logPath,
    memory: async () => {
      const status = await readFile(`/proc/${pid}/status`, 'utf8');
      const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
      return { rss: kb('VmRSS') * 1024, peak: kb('VmHWM') * 1024 };
    },
    cpuMs: () => processCpuMs(pid),
    stop: () => stopChild(child),
  };
  try {
    await waitUntilLeader(child, url, options.logPath);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

/** CPU time of any process (user + system), in ms, from /proc/<pid>/stat. */
export async function processCpuMs(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start at state, field 3; utime and stime are 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
}

/** Kills every server this process started; for exit paths that cannot wait. */
export function killAllServers(): void {
  for (const child of live) child.kill('SIGKILL');
}

async function waitUntilLeader(child: ChildProcess, url: string, logPath: string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      const tail = (await readFile(logPath, 'utf8').catch(() => '')).split('\n').slice(-20).join('\n');
      throw new Error(`the Epoch server exited before it led (log ${logPath}):\n${tail}`);
    }
    const leader = await fetch(`${url}/apis/housekeeping/v1/leader`, { signal: AbortSignal.timeout(1_000) })
      .then((response) => response.json() as Promise<{ leader?: string }>)
      .catch(() => null);
    if (leader?.leader === url) return;
    if (Date.now() > deadline) throw new Error(`the Epoch server at ${url} did not lead within 60 s`);
    await sleep(100);
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const escalate = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(escalate);
}

/**
 * Even a SIGKILLed benchmark must not leave a server behind: a tiny `sh` holds a pipe only this process writes
 * to, and when the pipe closes (this process is gone) it sends SIGTERM to the server.
 */
function tieLifetimeToThisProcess(child: ChildProcess): void {
  const watchdog = spawn('sh', ['-c', 'read _; kill -TERM "$1" 2>/dev/null', 'watchdog', String(child.pid)], {
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  watchdog.unref();
  (watchdog.stdin as Socket | null)?.unref();
  child.once('exit', () => watchdog.kill('SIGKILL'));
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const listener = createServer();
    listener.once('error', reject);
    listener.listen(0, '127.0.0.1', () => {
      const { port } = listener.address() as AddressInfo;
      listener.close(() => resolve(port));
    });
  });
}
