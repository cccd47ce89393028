// `npm start`: prepares the machine, builds, makes sure a ZooKeeper and a Docker Engine answer and runs the
// server until it exits. ZooKeeper: the one ZK_CONNECTION_STRING names (with the user's ZK_AUTH or
// ZK_AUTH_FILE), else one that answers `srvr` on the local port, else one it starts with its data under
// .epoch/; the latter two protect Epoch's znodes with the credential in .epoch/zk-auth (generated once) unless
// ZK_AUTH or ZK_AUTH_FILE is set. Docker Engine: the one DOCKER_HOST names, else the local one, started when
// it does not answer. What this script started stops after the server; what it found running is left alone.
// Neither ZooKeeper nor Docker Engine is installed when one elsewhere is named. `--no-build` serves the last
// build. UI sessions are sealed with .epoch/session-secret (generated once) unless EPOCH_SESSION_SECRET is set.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { totalmem } from 'node:os';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { exitCodeOf, reporter, runCli, runCommand, UserFacingError } from './lib/cli.mjs';
import { prepareMachine } from './lib/prepare-machine.mjs';
import { displayPath, epochPath, PROJECT_ROOT } from './lib/project-paths.mjs';
import { ensureSecretFile } from './lib/secret-file.mjs';
import { ensureZkCredentialFile } from './lib/zk-credential-file.mjs';
import {
  probeZooKeeper,
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

/** --no-build: the last build is served as it is, and there must be one. */
function assertBuilt() {
  if (!existsSync(SERVER_ENTRY)) {
    throw new UserFacingError(
      `--no-build, but ${path.relative(PROJECT_ROOT, SERVER_ENTRY)} is missing: run npm run build first`,
    );
  }
  say('not building (--no-build): serving the last build');
}

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

/** How long something that listens on the local ZooKeeper port may take to answer `srvr` as a server. */
const LOCAL_ZOOKEEPER_WAIT_MS = 15_000;

/**
 * Which ZooKeeper to use, decided before anything is installed: `{ connectionString, credential, start }`,
 * `start` being the local port when this script is to start one (and only then is ZooKeeper installed).
 */
async function planZooKeeper() {
  const configured = process.env.ZK_CONNECTION_STRING;
  if (configured) {
    if (!process.env.ZK_AUTH && !process.env.ZK_AUTH_FILE) {
      throw new UserFacingError(
        `ZK_CONNECTION_STRING=${configured} names a ZooKeeper that npm start does not manage, so it does not ` +
          'pick its credential either: set ZK_AUTH=user:password (or ZK_AUTH_FILE=/path/to/a/file holding ' +
          "it), the ZooKeeper digest credential that protects Epoch's znodes there; the same on every Epoch " +
          'node using it. For a ZooKeeper without Epoch data yet any user:password of your choosing works: ' +
          'keep it, the znodes Epoch creates open only with it.',
      );
    }
    say(
      `using the ZooKeeper at ${configured} (ZK_CONNECTION_STRING): none is installed or started here; ` +
        `credential from ${process.env.ZK_AUTH ? 'ZK_AUTH' : `ZK_AUTH_FILE=${process.env.ZK_AUTH_FILE}`}`,
    );
    return { connectionString: configured };
  }
  const port = localZooKeeperPort();
  const connectionString = `127.0.0.1:${port}`;
  const found = await findLocalZooKeeper(port);
  if (found) {
    say(
      `reusing the ZooKeeper (${found.mode}) that already answers srvr at ${connectionString}: ` +
        'it is left running when Epoch stops',
    );
    return { connectionString };
  }
  return { connectionString, start: port };
}

/** The ZooKeeper serving on the local port (`{ mode }`), or null when nothing listens there. */
async function findLocalZooKeeper(port) {
  const deadline = Date.now() + LOCAL_ZOOKEEPER_WAIT_MS;
  for (;;) {
    const probe = await probeZooKeeper(port);
    if (probe.state === 'serving') return { mode: probe.mode };
    if (probe.state === 'none') return null;
    if (Date.now() >= deadline) {
      throw new UserFacingError(
        `something listens on 127.0.0.1:${port} but does not answer srvr as a ZooKeeper serving clients ` +
          `(it said: ${JSON.stringify(probe.reply.slice(0, 200))}). A ZooKeeper there must allow srvr ` +
          '(4lw.commands.whitelist, the default of ZooKeeper 3.5+); or set EPOCH_LOCAL_ZK_PORT to start ' +
          "Epoch's own on another port, or ZK_CONNECTION_STRING to use another one.",
      );
    }
    await sleep(500);
  }
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
    `starting ZooKeeper at 127.0.0.1:${port} with a ${heapMb} MiB heap (data: ` +
      `${displayPath(epochPath('zookeeper'))}, log: ${displayPath(logPath)}); it stops when this stops …`,
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

/**
 * The environment naming the ZooKeeper credential: the operator's own (which ZK_CONNECTION_STRING requires),
 * or the one kept in .epoch/zk-auth for a ZooKeeper on this machine.
 */
async function zkCredentialEnv() {
  if (process.env.ZK_AUTH || process.env.ZK_AUTH_FILE) return {};
  const { path: file, created } = await ensureZkCredentialFile(epochPath('zk-auth'));
  say(
    created
      ? `generated a ZooKeeper credential in ${displayPath(file)} (mode 0600): every znode is protected by it, keep it`
      : `ZooKeeper credential: ${displayPath(file)}`,
  );
  return { ZK_AUTH_FILE: file };
}

/**
 * The secret that seals UI session cookies: the operator's EPOCH_SESSION_SECRET, or one generated once into
 * .epoch/session-secret, so that a restarted development server keeps people signed in.
 */
async function sessionSecretEnv() {
  if (process.env.EPOCH_SESSION_SECRET) return {};
  const file = epochPath('session-secret');
  const { created, secret } = await ensureSecretFile(file, () => randomBytes(32).toString('base64url'));
  say(
    `UI sessions are sealed with ${created ? 'a new secret in ' : ''}${displayPath(file)} (mode 0600): ` +
      'a restart keeps people signed in (EPOCH_SESSION_SECRET overrides it)',
  );
  return { EPOCH_SESSION_SECRET: secret };
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
  const session = await sessionSecretEnv();
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
      ...session,
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

function parseOptions() {
  try {
    const { values } = parseArgs({ options: { 'no-build': { type: 'boolean', default: false } } });
    return { build: !values['no-build'] };
  } catch (error) {
    throw new UserFacingError(`${error.message}\nusage: npm start [-- --no-build]`);
  }
}

await runCli(async () => {
  const options = parseOptions();
  const zooKeeperPlan = await planZooKeeper();
  const localServices = [
    ...(zooKeeperPlan.start === undefined ? [] : ['zookeeper']),
    ...(process.env.DOCKER_HOST ? [] : ['docker']),
  ];
  const machine = await prepareMachine('start', { localServices, stopWithCaller: true });
  let zooKeeper;
  try {
    if (options.build) await buildProject();
    else assertBuilt();
    let runsBudget;
    if (zooKeeperPlan.start !== undefined) {
      const heapMb = localZooKeeperHeapMb();
      zooKeeper = await startLocalZooKeeper(zooKeeperPlan.start, heapMb);
      runsBudget = RUNS_PER_HEAP_MB * heapMb;
    }
    const serverExitCode = await runServer(zooKeeperPlan.connectionString, runsBudget);
    say(`the server exited with code ${serverExitCode}`);
    return serverExitCode;
  } finally {
    if (zooKeeper) await stopLocalZooKeeper(zooKeeper);
    await machine.stop();
  }
});
