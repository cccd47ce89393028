// One Epoch server as a real child process (`node server/dist/main.js`), for cluster tests and benchmarks:
// its RSS and CPU are its own, and it can be paused, crashed and restarted like a real node. The processes
// never outlive the test process, however it ends.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, existsSync, openSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { TEST_ZK_AUTH } from './zookeeper.js';

export interface EpochProcessOptions {
  /** The server build to run; default `<repo>/server/dist/main.js` (build first: `npm run build`). */
  mainJs?: string;
  zkConnectionString: string;
  zkRoot: string;
  /** Where the server's stdout and stderr go; appended to, also across restart(). */
  logPath: string;
  /** LOG_LEVEL; default 'warn', so a busy server does not spend its time logging. */
  logLevel?: string;
  /** Extra environment, applied last: it may override anything, e.g. EPOCH_CLUSTER (default 'test'). */
  env?: Record<string, string>;
  /** Default: a free port. */
  port?: number;
  /**
   * What start and restart wait for: 'ready' (GET /readyz answers 200: connected to ZooKeeper) or 'leader'
   * (GET /apis/housekeeping/v1/leader names this server's advertised URL). Default 'ready'.
   */
  waitFor?: WaitFor;
}

export type WaitFor = 'ready' | 'leader';

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface EpochProcess {
  /** `http://127.0.0.1:PORT`, also its EPOCH_ADVERTISE_URL unless `env` overrides that. */
  readonly url: string;
  readonly port: number;
  /** The current process's id: a restart() gives a new one. */
  readonly pid: number;
  readonly logPath: string;
  /** True once the current process has exited (stopped, killed or died on its own). */
  readonly exited: boolean;
  /** Resident set size now and its peak (VmHWM), in bytes. */
  memory(): Promise<{ rss: number; peak: number }>;
  /** CPU time used so far (user + system), in ms. */
  cpuMs(): Promise<number>;
  /** SIGTERM (a graceful shutdown, resigning leadership), SIGKILL if it has not exited after 10 s. */
  stop(): Promise<void>;
  /** SIGKILL, as in a crash: its ZooKeeper session, and leadership, lasts until the session times out. */
  kill(): Promise<void>;
  /** SIGSTOP, as in a long GC pause or a frozen VM; resolves once the process is stopped. */
  pause(): Promise<void>;
  /** SIGCONT after pause(). */
  resume(): Promise<void>;
  /**
   * Stops the process if it runs and starts it again on the same port, env and log; waits for what start
   * did unless `waitFor` says otherwise. Caution: after a kill(), the dead process's election znode, which
   * carries the same URL, lives until its session expires (ZK_SESSION_TIMEOUT_MS, 15 s by default), so the
   * leader endpoint names this URL, and waitFor 'leader' resolves, before the new process really leads.
   */
  restart(options?: { waitFor?: WaitFor }): Promise<void>;
  /** Resolves when the current process has exited (at once if it has). */
  waitForExit(): Promise<ProcessExit>;
  /** The log's last `lines` lines, for failure messages. */
  logTail(lines?: number): Promise<string>;
}

/** The cluster label of servers started without their own EPOCH_CLUSTER (test-containers-global-setup.ts). */
export const HARNESS_CLUSTER = 'test';

const DEFAULT_MAIN_JS = fileURLToPath(new URL('../../server/dist/main.js', import.meta.url));
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;
const POLL_INTERVAL_MS = 100;
const live = new Set<ChildProcess>();

/** Starts a server and resolves once it is ready or leads (`waitFor`); on failure leaves nothing behind. */
const AUTH_SETTINGS = [
  'EPOCH_AUTH_DISABLED',
  'ADMIN_PASSWORD',
  'GUEST_PASSWORD',
  'EPOCH_API_TOKENS',
  'EPOCH_OIDC_ISSUER',
];

/** Tests that are not about authentication run without it, as they did before it existed. */
const configuresAuth = (env: Record<string, string> = {}) => AUTH_SETTINGS.some((name) => name in env);

export async function startEpochProcess(options: EpochProcessOptions): Promise<EpochProcess> {
  const mainJs = options.mainJs ?? DEFAULT_MAIN_JS;
  if (!existsSync(mainJs)) throw new Error(`no Epoch server build at ${mainJs}: run npm run build first`);
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    PORT: String(port),
    ZK_CONNECTION_STRING: options.zkConnectionString,
    ZK_ROOT: options.zkRoot,
    LOG_LEVEL: options.logLevel ?? 'warn',
    EPOCH_CLUSTER: HARNESS_CLUSTER,
    EPOCH_ADVERTISE_URL: url,
    // Unless a test gives its own (ZK_AUTH or ZK_AUTH_FILE, set in `env`).
    ...(options.env?.ZK_AUTH_FILE ? {} : { ZK_AUTH: TEST_ZK_AUTH }),
    // Receivers in tests and benchmarks listen on loopback, which a server refuses by default.
    EPOCH_EGRESS_ALLOW: '127.0.0.0/8,::1',
    ...(configuresAuth(options.env) ? {} : { EPOCH_AUTH_DISABLED: 'true' }),
    ...options.env,
  };
  const node = new EpochNodeProcess(mainJs, env, url, port, options.logPath, options.waitFor ?? 'ready');
  await node.start();
  return node;
}

/** Kills every server this process started; for exit paths that cannot wait. */
export function killAllEpochProcesses(): void {
  for (const child of live) child.kill('SIGKILL');
}

/** CPU time of any process (user + system), in ms, from /proc/<pid>/stat. */
export async function processCpuMs(pid: number): Promise<number> {
  const fields = await procStatFields(pid);
  const ticks = Number(fields[11]) + Number(fields[12]); // utime and stime, fields 14 and 15
  return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
}

/**
 * A port the OS reports free. It is found by binding port 0 and closing it, so another process may take it
 * before the server binds it; the server then exits at start (EADDRINUSE in its log).
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const listener = createServer();
    listener.once('error', reject);
    listener.listen(0, '127.0.0.1', () => {
      const { port } = listener.address() as AddressInfo;
      listener.close(() => resolve(port));
    });
  });
}

class EpochNodeProcess implements EpochProcess {
  private child!: ChildProcess;
  private exit!: Promise<ProcessExit>;

  constructor(
    private readonly mainJs: string,
    private readonly env: NodeJS.ProcessEnv,
    readonly url: string,
    readonly port: number,
    readonly logPath: string,
    private readonly waitFor: WaitFor,
  ) {}

  get pid(): number {
    return this.child.pid as number;
  }

  get exited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  async start(waitFor: WaitFor = this.waitFor): Promise<void> {
    const log = openSync(this.logPath, 'a');
    try {
      // BENCH_SERVER_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the server alone.
      const nodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
      const child = spawn(process.execPath, [...nodeArgs, this.mainJs], {
        env: this.env,
        stdio: ['ignore', log, log],
      });
      // Listen before awaiting 'spawn': a server that fails at once may exit right after it.
      const exit = new Promise<ProcessExit>((resolve) =>
        child.once('exit', (code, signal) => resolve({ code, signal })),
      );
      await once(child, 'spawn');
      this.child = child;
      this.exit = exit;
    } finally {
      closeSync(log);
    }
    const child = this.child;
    live.add(child);
    child.once('exit', () => live.delete(child));
    tieLifetimeToThisProcess(child);
    try {
      await this.waitUntil(waitFor);
    } catch (error) {
      await this.stop();
      throw error;
    }
  }

  async memory(): Promise<{ rss: number; peak: number }> {
    const status = await readFile(`/proc/${this.pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return { rss: kb('VmRSS') * 1024, peak: kb('VmHWM') * 1024 };
  }

  cpuMs(): Promise<number> {
    return processCpuMs(this.pid);
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    // A paused process would hold SIGTERM pending until the SIGKILL; continue it so it shuts down cleanly.
    this.child.kill('SIGCONT');
    this.child.kill('SIGTERM');
    const escalate = setTimeout(() => this.child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await this.exit;
    clearTimeout(escalate);
  }

  async kill(): Promise<void> {
    if (this.exited) return;
    this.child.kill('SIGKILL');
    await this.exit;
  }

  async pause(): Promise<void> {
    this.child.kill('SIGSTOP');
    // Signals are delivered asynchronously; wait so that what the caller does next meets a frozen process.
    while ((await procStatFields(this.pid))[0] !== 'T') await sleep(10);
  }

  async resume(): Promise<void> {
    this.child.kill('SIGCONT');
    while ((await procStatFields(this.pid))[0] === 'T') await sleep(10);
  }

  async restart(options: { waitFor?: WaitFor } = {}): Promise<void> {
    await this.stop();
    await this.start(options.waitFor);
  }

  waitForExit(): Promise<ProcessExit> {
    return this.exit;
  }

  async logTail(lines = 20): Promise<string> {
    const log = await readFile(this.logPath, 'utf8').catch(() => '');
    return log.trimEnd().split('\n').slice(-lines).join('\n');
  }

  private async waitUntil(waitFor: WaitFor): Promise<void> {
    // The URL the server puts in its election znode, which the leader endpoint reports.
    const advertised = this.env.EPOCH_ADVERTISE_URL;
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      if (this.exited) {
        throw new Error(
          `the Epoch server on port ${this.port} exited before it was ${waitFor} (log ${this.logPath}):\n` +
            (await this.logTail()),
        );
      }
      const reached = await (waitFor === 'ready' ? this.answersReady() : this.leads(advertised));
      if (reached) return;
      if (Date.now() > deadline) {
        throw new Error(
          `the Epoch server at ${this.url} was not ${waitFor} within ${START_TIMEOUT_MS / 1000} s ` +
            `(log ${this.logPath}):\n${await this.logTail()}`,
        );
      }
      await sleep(POLL_INTERVAL_MS);
    }
  }

  private answersReady(): Promise<boolean> {
    return fetch(`${this.url}/readyz`, { signal: AbortSignal.timeout(1_000) }).then(
      async (response) => {
        await response.arrayBuffer();
        return response.status === 200;
      },
      () => false,
    );
  }

  /** The leader endpoint answers raw JSON (no Epoch envelope): `{leader: url}`, or 404 without one. */
  private leads(advertised: string | undefined): Promise<boolean> {
    // Any authenticated caller may ask; with auth on, the harness asks as admin.
    const password = this.env.ADMIN_PASSWORD;
    const headers: Record<string, string> = password
      ? { Authorization: `Basic ${Buffer.from(`admin:${password}`).toString('base64')}` }
      : {};
    return fetch(`${this.url}/apis/housekeeping/v1/leader`, { headers, signal: AbortSignal.timeout(1_000) })
      .then((response) => response.json() as Promise<{ leader?: string }>)
      .then(
        (body) => body.leader === advertised,
        () => false,
      );
  }
}

/** /proc/<pid>/stat from field 3 (state) on: the command name before it, field 2, may hold spaces. */
async function procStatFields(pid: number): Promise<string[]> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/**
 * Even a SIGKILLed test process must not leave a server behind: a tiny `sh` holds a pipe only this process
 * writes to, and when the pipe closes (this process is gone) it signals the server. SIGCONT first, as a
 * paused server would leave SIGTERM pending forever.
 */
function tieLifetimeToThisProcess(child: ChildProcess): void {
  const watchdog = spawn(
    'sh',
    ['-c', 'read _; kill -CONT "$1" 2>/dev/null; kill -TERM "$1" 2>/dev/null', 'watchdog', String(child.pid)],
    { detached: true, stdio: ['pipe', 'ignore', 'ignore'] },
  );
  watchdog.unref();
  (watchdog.stdin as Socket | null)?.unref();
  child.once('exit', () => watchdog.kill('SIGKILL'));
}
