// `npm start`: prepares the machine, builds, makes sure a ZooKeeper answers (a local one under .epoch/
// unless ZK_CONNECTION_STRING points elsewhere) and runs the server until it exits, its znodes protected by
// the credential in .epoch/zk-auth (generated once) unless ZK_AUTH or ZK_AUTH_FILE is set. The ZooKeeper
// this script started is stopped after the server; one that was already running is left alone.
import { spawn } from 'node:child_process';
import { totalmem } from 'node:os';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { exitCodeOf, reporter, runCli, runCommand, UserFacingError } from './lib/cli.mjs';
import { prepareMachine } from './lib/prepare-machine.mjs';
import { epochPath, PROJECT_ROOT } from './lib/project-paths.mjs';
import { ensureZkCredentialFile } from './lib/zk-credential-file.mjs';
import {
  answersImOk,
  startZooKeeperProcess,
  stopZooKeeperProcess,
  writeZooKeeperConfig,
} from './lib/zookeeper-process.mjs';

const say = reporter('start');

const SERVER_ENTRY = path.join(PROJECT_ROOT, 'server', 'dist', 'main.js');
const EPOCH_URL = `http://localhost:${process.env.PORT ?? 8080}`;
const DEFAULT_LOCAL_ZOOKEEPER_PORT = 2181;
/** Loopback only: private networks and the metadata service stay refused even in development. */
const DEV_EGRESS_ALLOW = '127.0.0.0/8,::1';
/** A development server answers this machine only: loopback, and Host headers that name it (no DNS rebinding). */
const DEV_HOST = '127.0.0.1';
const DEV_ALLOWED_HOSTS = 'localhost,127.0.0.1,::1';

async function buildProject() {
  say('building (npm run build) …');
  const code = await runCommand('npm', ['run', 'build']);
  if (code !== 0) throw new UserFacingError(`npm run build failed (exit code ${code}); see its output above`);
  if (!existsSync(SERVER_ENTRY)) {
    throw new UserFacingError(
      `the build finished but ${path.relative(PROJECT_ROOT, SERVER_ENTRY)} is missing`,
    );
  }
}

/**
 * Resolves `{ connectionString, runsBudget, stop }`: the runs budget only for a ZooKeeper this script starts
 * (its heap is known), and stop() only stops such a one.
 */
async function ensureZooKeeper() {
  const configured = process.env.ZK_CONNECTION_STRING;
  if (configured) {
    say(`using ZooKeeper at ${configured} (ZK_CONNECTION_STRING)`);
    return { connectionString: configured, stop: async () => {} };
  }
  const port = localZooKeeperPort();
  const connectionString = `127.0.0.1:${port}`;
  if (await answersImOk(port)) {
    say(`reusing the ZooKeeper that already answers at ${connectionString}`);
    return { connectionString, stop: async () => {} };
  }
  const heapMb = localZooKeeperHeapMb();
  const zooKeeper = await startLocalZooKeeper(port, heapMb);
  return {
    connectionString,
    runsBudget: RUNS_PER_HEAP_MB * heapMb,
    stop: () => stopLocalZooKeeper(zooKeeper),
  };
}

function localZooKeeperPort() {
  const text = process.env.EPOCH_LOCAL_ZK_PORT ?? String(DEFAULT_LOCAL_ZOOKEEPER_PORT);
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new UserFacingError(`EPOCH_LOCAL_ZK_PORT=${text} is not a TCP port number`);
  }
  return port;
}

/**
 * ZooKeeper keeps every znode in its heap: an eighth of the machine's memory, at least 512 MiB, at most 8 GiB
 * (EPOCH_LOCAL_ZK_HEAP_MB overrides). The README's capacity section says how many runs fit per GiB.
 */
function localZooKeeperHeapMb() {
  const configured = process.env.EPOCH_LOCAL_ZK_HEAP_MB;
  if (configured !== undefined) {
    const heapMb = Number(configured);
    if (!Number.isInteger(heapMb) || heapMb < 64) {
      throw new UserFacingError(
        `EPOCH_LOCAL_ZK_HEAP_MB=${configured} is not a heap size in MiB (at least 64)`,
      );
    }
    return heapMb;
  }
  const eighth = Math.floor(totalmem() / 8 / 1024 / 1024);
  return Math.min(8192, Math.max(512, eighth));
}

/**
 * Half of the heap for runs, at up to 3.1 KB each (measured by `npm run bench:zk-capacity`; see
 * DEFAULT_RUNS_MAX_TOTAL in the server's config).
 */
const RUNS_PER_HEAP_MB = 160;
async function startLocalZooKeeper(port, heapMb) {
  const configPath = epochPath('zookeeper', 'zoo.cfg');
  const logPath = epochPath('logs', 'zookeeper.log');
  say(
    `starting ZooKeeper at 127.0.0.1:${port} with a ${heapMb} MiB heap ` +
      '(data: .epoch/zookeeper, log: .epoch/logs/zookeeper.log) …',
  );
  await writeZooKeeperConfig({ configPath, dataDir: epochPath('zookeeper', 'data'), clientPort: port });
  try {
    return await startZooKeeperProcess({ configPath, logPath, clientPort: port, heapMb });
  } catch (error) {
    throw new UserFacingError(
      `ZooKeeper did not start: ${error.message}\n` +
        `(set EPOCH_LOCAL_ZK_PORT to use another port, or ZK_CONNECTION_STRING to use another ZooKeeper)`,
    );
  }
}

async function stopLocalZooKeeper(zooKeeper) {
  say('stopping the ZooKeeper it started …');
  await stopZooKeeperProcess(zooKeeper);
}

/** The environment naming the ZooKeeper credential: the operator's own, or the one kept in .epoch/zk-auth. */
async function zkCredentialEnv() {
  if (process.env.ZK_AUTH || process.env.ZK_AUTH_FILE) return {};
  const { path: file, created } = await ensureZkCredentialFile(epochPath('zk-auth'));
  say(
    created
      ? 'generated a ZooKeeper credential in .epoch/zk-auth (mode 0600): every znode is protected by it, keep it'
      : 'ZooKeeper credential: .epoch/zk-auth',
  );
  return { ZK_AUTH_FILE: file };
}

/** Where a server nobody chose an address for listens: this machine only, said in the banner. */
function devListening() {
  say(
    `listening on ${DEV_HOST} only, for Host headers naming this machine (${DEV_ALLOWED_HOSTS}); ` +
      'HOST=0.0.0.0 serves other machines too',
  );
  return { HOST: DEV_HOST, EPOCH_ALLOWED_HOSTS: process.env.EPOCH_ALLOWED_HOSTS ?? DEV_ALLOWED_HOSTS };
}

/** Runs the server in the foreground and resolves with its exit code. */
/** `runsBudget`: the runs a ZooKeeper this script started has room for; undefined for another one. */
async function runServer(connectionString, runsBudget) {
  say(`Epoch is starting at ${EPOCH_URL} (ZooKeeper: ${connectionString})`);
  if (!process.env.ADMIN_PASSWORD && !process.env.GUEST_PASSWORD) {
    say(
      'log in as admin/admin (read-write) or guest/guest (read-only): development credentials, see the README',
    );
  }
  if (process.env.EPOCH_EGRESS_ALLOW === undefined) {
    say(
      `development egress: HTTP tasks and webhooks may call this machine (EPOCH_EGRESS_ALLOW=${DEV_EGRESS_ALLOW}); ` +
        '`npm run serve` and the image refuse loopback unless EPOCH_EGRESS_ALLOW opens it',
    );
  }
  const credential = await zkCredentialEnv();
  const listening = process.env.HOST === undefined ? devListening() : {};
  if (process.env.EPOCH_METRICS_PUBLIC === undefined) {
    say(
      'development metrics: /metrics answers without credentials; `npm run serve` and the image require them',
    );
  }
  const server = spawn(process.execPath, [SERVER_ENTRY], {
    cwd: PROJECT_ROOT,
    // A fresh machine stays usable: documented development credentials unless real ones are set, and
    // webhooks to a receiver on this machine (a developer's usual first try) unless the egress rules are set.
    env: {
      EPOCH_DEV_CREDENTIALS: 'true',
      EPOCH_EGRESS_ALLOW: DEV_EGRESS_ALLOW,
      EPOCH_METRICS_PUBLIC: 'true',
      ...(runsBudget !== undefined && { EPOCH_RUNS_MAX_TOTAL: String(runsBudget) }),
      ...listening,
      ...process.env,
      ...credential,
      ZK_CONNECTION_STRING: connectionString,
    },
    stdio: 'inherit',
  });
  // Stopping is the server's job: pass the signal on and keep running until it has exited.
  const forward = (signal) => server.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  const [code, signal] = await new Promise((resolve) => server.once('exit', (...exit) => resolve(exit)));
  process.off('SIGINT', forward);
  process.off('SIGTERM', forward);
  return exitCodeOf(code, signal);
}

await runCli(async () => {
  await prepareMachine('start');
  await buildProject();
  const zooKeeper = await ensureZooKeeper();
  const serverExitCode = await runServer(zooKeeper.connectionString, zooKeeper.runsBudget);
  await zooKeeper.stop();
  say(`the server exited with code ${serverExitCode}`);
  return serverExitCode;
});
