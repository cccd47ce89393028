// `npm start` (scripts/start.mjs) against a ZooKeeper and a Docker Engine that run already, as off Debian or
// with both elsewhere: it starts neither, uses what it is given, stops cleanly on Ctrl-C and leaves what it
// found running; its UI session secret is generated once under .epoch/ and keeps people signed in across a
// restart. Real parts on loopback: ZooKeeper servers from the harness, the local Docker Engine named by
// DOCKER_HOST (npm test's set-up starts it), the built server (npm test builds first).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  sendFourLetterWord,
  startZooKeeperProcess,
  stopZooKeeperProcess,
  writeZooKeeperConfig,
  zooKeeperMode,
} from '../../scripts/lib/zookeeper-process.mjs';
import { freePort } from '../harness/epoch-process.js';
import { startZooKeeper, TEST_ZK_AUTH, type ZooKeeperServer } from '../harness/zookeeper.js';

const START_SCRIPT = fileURLToPath(new URL('../../scripts/start.mjs', import.meta.url));
const READY_TIMEOUT_MS = 30_000;
/** The local engine, named: npm start then neither installs nor starts a dockerd. */
const DOCKER_HOST = 'unix:///var/run/docker.sock';
/** What the test process may have set that would change what npm start does. */
const INHERITED_SETTINGS = [
  'ZK_CONNECTION_STRING',
  'ZK_AUTH',
  'ZK_AUTH_FILE',
  'ZK_ROOT',
  'DOCKER_HOST',
  'EPOCH_SESSION_SECRET',
  'EPOCH_LOCAL_ZK_PORT',
  'EPOCH_STATE_DIR',
  'EPOCH_CONFIG_FILE',
  'ADMIN_PASSWORD',
  'GUEST_PASSWORD',
  'EPOCH_AUTH_DISABLED',
  'HOST',
  'PORT',
];

interface StartRun {
  child: ChildProcess;
  port: number;
  url: string;
  output(): string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const runs = new Set<ChildProcess>();
let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'epoch-start-external-'));
});
afterAll(async () => {
  for (const child of runs) child.kill('SIGKILL');
  await rm(folder, { recursive: true, force: true });
});

/** `node scripts/start.mjs --no-build` on a free port with `env`, resolved once /readyz answers 200. */
async function startEpoch(env: Record<string, string>): Promise<StartRun> {
  const port = await freePort();
  const cleanEnv = { ...process.env };
  for (const name of INHERITED_SETTINGS) delete cleanEnv[name];
  const child = spawn(process.execPath, [START_SCRIPT, '--no-build'], {
    env: { ...cleanEnv, PORT: String(port), LOG_LEVEL: 'warn', DOCKER_HOST, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  runs.add(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      runs.delete(child);
      resolve({ code, signal });
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`npm start exited before it was ready:\n${output}`);
    }
    const status = await fetch(`${url}/readyz`).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) break;
    if (Date.now() >= deadline) {
      child.kill('SIGKILL');
      throw new Error(`npm start was not ready within ${READY_TIMEOUT_MS / 1000} s:\n${output}`);
    }
    await sleep(200);
  }
  return { child, port, url, output: () => output, exit };
}

/** Ctrl-C, as in a terminal: the script passes it on and exits with the server's code. */
async function stopWithCtrlC(run: StartRun): Promise<void> {
  run.child.kill('SIGINT');
  const { code, signal } = await run.exit;
  expect({ code, signal }, run.output()).toEqual({ code: 0, signal: null });
  expect(run.output()).toMatch(/the server exited with code 0/);
}

/** The command lines of every process below `pid`. */
function descendantCommands(pid: number): string[] {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // "pid (comm) state ppid …": comm may hold spaces, so read after its closing parenthesis.
      const statText = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(statText.slice(statText.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
    } catch {
      // the process ended meanwhile
    }
  }
  const commands: string[] = [];
  const pending = [...(parents.get(pid) ?? [])];
  while (pending.length > 0) {
    const child = pending.pop()!;
    try {
      commands.push(readFileSync(`/proc/${child}/cmdline`, 'utf8').replaceAll('\0', ' ').trim());
    } catch {
      continue;
    }
    pending.push(...(parents.get(child) ?? []));
  }
  return commands;
}

/** Checks that the run started the server and nothing else: no ZooKeeper, no dockerd. */
function expectOnlyTheServer(run: StartRun, stateDir: string): void {
  const commands = descendantCommands(run.child.pid!);
  expect(commands.some((command) => command.includes('server/dist/main.js'))).toBe(true);
  expect(commands.filter((command) => /QuorumPeerMain|dockerd/.test(command))).toEqual([]);
  expect(run.output()).not.toMatch(/starting ZooKeeper|starting dockerd|installing Debian packages/);
  expect(existsSync(path.join(stateDir, 'zookeeper'))).toBe(false);
}

const passwordLogin = async (url: string): Promise<string> => {
  const response = await fetch(`${url}/auth/password-login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'XMLHttpRequest' },
    body: JSON.stringify({ username: 'admin', password: 'admin' }),
  });
  expect(response.status).toBe(204);
  const cookie = response.headers.getSetCookie().find((line) => line.startsWith('epoch_session='));
  return cookie!.split(';')[0]!;
};

const whoAmI = (url: string, cookie: string) =>
  fetch(`${url}/apis/v1/me`, { headers: { Cookie: cookie, 'X-Requested-With': 'XMLHttpRequest' } });

describe('npm start with ZK_CONNECTION_STRING and DOCKER_HOST', () => {
  let zookeeper: ZooKeeperServer | undefined;
  let stateDir: string;
  let cookie: string;
  const env = () => ({
    ZK_CONNECTION_STRING: zookeeper!.connectionString,
    ZK_AUTH: TEST_ZK_AUTH,
    ZK_ROOT: '/epoch-start-external',
    EPOCH_STATE_DIR: stateDir,
  });
  beforeAll(async () => {
    stateDir = path.join(folder, 'external');
    zookeeper = await startZooKeeper();
  });
  afterAll(async () => {
    await zookeeper?.stop();
  });

  it('uses them, starts no ZooKeeper and no dockerd, and stops cleanly on Ctrl-C', async () => {
    const run = await startEpoch(env());
    try {
      expect(run.output()).toContain(
        `using the ZooKeeper at ${zookeeper!.connectionString} (ZK_CONNECTION_STRING)`,
      );
      expect(run.output()).toContain(`Docker Engine answers at ${DOCKER_HOST} (DOCKER_HOST)`);
      expectOnlyTheServer(run, stateDir);
      // Its data went to the ZooKeeper it was given.
      const health = await fetch(`${run.url}/healthz`);
      expect(health.status).toBe(200);
      cookie = await passwordLogin(run.url);
      expect((await whoAmI(run.url, cookie)).status).toBe(200);
    } finally {
      await stopWithCtrlC(run);
    }
    expect(await zooKeeperMode(zookeeper!.port)).toBe('standalone');
  });

  it('keeps the session secret in .epoch/session-secret, 0600, and a restart keeps people signed in', async () => {
    const file = path.join(stateDir, 'session-secret');
    const secret = await readFile(file, 'utf8');
    expect(secret).toMatch(/^[\w-]{43}\n$/);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const run = await startEpoch(env());
    try {
      expect(run.output()).toMatch(/UI sessions are sealed with \S*session-secret \(mode 0600\)/);
      expect((await whoAmI(run.url, cookie)).status).toBe(200);
    } finally {
      await stopWithCtrlC(run);
    }
    expect(await readFile(file, 'utf8')).toBe(secret);
  });

  it('refuses an external ZooKeeper without a credential, before installing or starting anything', async () => {
    const cleanEnv = { ...process.env };
    for (const name of INHERITED_SETTINGS) delete cleanEnv[name];
    const child = spawn(process.execPath, [START_SCRIPT, '--no-build'], {
      env: { ...cleanEnv, ZK_CONNECTION_STRING: zookeeper!.connectionString, EPOCH_STATE_DIR: stateDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code, output).toBe(1);
    expect(output).toMatch(/set ZK_AUTH=user:password \(or ZK_AUTH_FILE=/);
    expect(output).not.toMatch(/epoch setup:/);
  });
});

describe('npm start with a ZooKeeper 3.5+ already on the local port', () => {
  let server: ChildProcess | undefined;
  let port: number;
  let stateDir: string;
  beforeAll(async () => {
    stateDir = path.join(folder, 'local');
    port = await freePort();
    const zkFolder = path.join(folder, 'srvr-only');
    const configPath = path.join(zkFolder, 'zoo.cfg');
    // ZooKeeper 3.5+'s default: of the four-letter words only srvr, so ruok says nothing.
    await writeZooKeeperConfig({
      configPath,
      dataDir: path.join(zkFolder, 'data'),
      clientPort: port,
      fourLetterWords: ['srvr'],
    });
    server = await startZooKeeperProcess({
      configPath,
      logPath: path.join(zkFolder, 'zookeeper.log'),
      clientPort: port,
    });
  });
  afterAll(async () => {
    if (server) await stopZooKeeperProcess(server);
  });

  it('finds it with srvr, uses it, and leaves it running', async () => {
    expect(await sendFourLetterWord(port, 'ruok')).toMatch(/not in the whitelist/);
    const run = await startEpoch({ EPOCH_LOCAL_ZK_PORT: String(port), EPOCH_STATE_DIR: stateDir });
    try {
      expect(run.output()).toContain(
        `reusing the ZooKeeper (standalone) that already answers srvr at 127.0.0.1:${port}`,
      );
      expectOnlyTheServer(run, stateDir);
      // The credential of a ZooKeeper on this machine is the one generated under .epoch/.
      expect((await stat(path.join(stateDir, 'zk-auth'))).mode & 0o777).toBe(0o600);
    } finally {
      await stopWithCtrlC(run);
    }
    expect(run.output()).not.toMatch(/stopping the ZooKeeper/);
    expect(await zooKeeperMode(port)).toBe('standalone');
  });
});
