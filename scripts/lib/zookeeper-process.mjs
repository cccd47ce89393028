// A ZooKeeper server as a child process on loopback: its zoo.cfg, the command that starts it, the
// four-letter-word probes that tell whether it serves, and its shutdown. Shared by `npm start` and the test
// harness (test/harness/zookeeper.ts); types in zookeeper-process.d.mts.
import { mkdir, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { spawnWithLog, stopChild, tieLifetimeToParent, waitForChildReady } from './child-processes.mjs';
import { ZOOKEEPER_JAR } from './system-packages.mjs';

export { stopChild as stopZooKeeperProcess };

const HOST = '127.0.0.1';
const START_TIMEOUT_MS = 30_000;
const PROBE_TIMEOUT_MS = 1_000;

const MAIN_CLASS = 'org.apache.zookeeper.server.quorum.QuorumPeerMain';
// Debian's jar lists its dependencies in its manifest but no logging backend, and with all of
// /usr/share/java/* on the class path SLF4J picks its no-op logger among many: naming log4j keeps the log
// that explains a failed start.
const CLASS_PATH = [
  '/etc/zookeeper/conf',
  ZOOKEEPER_JAR,
  '/usr/share/java/slf4j-log4j12.jar',
  '/usr/share/java/log4j-1.2.jar',
].join(':');
/** Tests run several servers at once on a small machine; `npm start` sizes its one server from the machine. */
export const TEST_HEAP_MB = 256;
const JVM_OPTIONS = [
  // Few GC threads and no /tmp/hsperfdata files: tests run several servers at once on a small machine.
  '-XX:+UseSerialGC',
  '-XX:-UsePerfData',
  '-Dzookeeper.admin.enableServer=false',
  // The CONSOLE appender of /etc/zookeeper/conf/log4j.properties; the console is our log file.
  '-Dzookeeper.root.logger=INFO,CONSOLE',
];

/**
 * The four-letter words a server answers: liveness (`ruok`), role (`srvr`) and metrics (`mntr`). The rest
 * (`dump` lists sessions and ephemeral paths, `envi` the environment, `wchp` watched paths, `srst`/`crst`
 * reset counters) answer anyone who reaches the port, without a credential, so they stay off.
 */
export const FOUR_LETTER_WORDS = ['ruok', 'srvr', 'mntr'];

/**
 * Writes zoo.cfg and creates the data dir. For an ensemble, `quorum` lists every member
 * ({ id, quorumPort, electionPort }) and `myId` is this server's id, written to the data dir's myid file.
 */
export async function writeZooKeeperConfig({
  configPath,
  dataDir,
  clientPort,
  tickTime = 2000,
  initLimit = 10,
  syncLimit = 5,
  quorum = [],
  myId,
  fourLetterWords = FOUR_LETTER_WORDS,
}) {
  const settings = [
    `tickTime=${tickTime}`,
    `initLimit=${initLimit}`,
    `syncLimit=${syncLimit}`,
    `dataDir=${dataDir}`,
    `clientPort=${clientPort}`,
    // Nothing off this machine should reach a development or test ZooKeeper.
    `clientPortAddress=${HOST}`,
    'admin.enableServer=false',
    `4lw.commands.whitelist=${fourLetterWords.join(',')}`,
    // No per-address connection cap: every client of a local server comes from the same address.
    'maxClientCnxns=0',
    ...quorum.map((member) => `server.${member.id}=${HOST}:${member.quorumPort}:${member.electionPort}`),
  ];
  await mkdir(dataDir, { recursive: true });
  await mkdir(path.dirname(configPath), { recursive: true });
  await writeFile(configPath, `${settings.join('\n')}\n`);
  if (myId !== undefined) await writeFile(path.join(dataDir, 'myid'), `${myId}\n`);
}

/**
 * Starts a server from its zoo.cfg (with a heap of `heapMb`), its output appended to `logPath`, and resolves with the child once
 * it serves clients. The child never outlives this process. Rejects with the tail of the log when the server
 * exits or does not serve within 30 s, after killing it.
 */
export async function startZooKeeperProcess({ configPath, logPath, clientPort, heapMb = TEST_HEAP_MB }) {
  const jvm = [`-Xmx${heapMb}m`, ...JVM_OPTIONS];
  const child = await spawnWithLog('java', [...jvm, '-cp', CLASS_PATH, MAIN_CLASS, configPath], { logPath });
  tieLifetimeToParent(child);
  try {
    await waitForChildReady({
      child,
      isReady: () => isServing(clientPort),
      logPath,
      name: `ZooKeeper on port ${clientPort}`,
      timeoutMs: START_TIMEOUT_MS,
    });
    return child;
  } catch (error) {
    await stopChild(child, 'SIGKILL');
    throw error;
  }
}

/** Sends a four-letter word (ruok, srvr, mntr, …) and resolves with the reply. */
export function sendFourLetterWord(port, word, timeoutMs = PROBE_TIMEOUT_MS) {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: HOST, port });
    let reply = '';
    socket.setEncoding('utf8');
    socket.setTimeout(timeoutMs, () =>
      socket.destroy(new Error(`no reply to ${word} within ${timeoutMs} ms`)),
    );
    socket.once('connect', () => socket.end(word));
    socket.on('data', (chunk) => (reply += chunk));
    socket.once('end', () => resolve(reply));
    socket.once('error', reject);
  });
}

/**
 * What listens on a loopback port, asked with `srvr` (ZooKeeper 3.5+ answers only `srvr` of the four-letter
 * words by default; `ruok` is off there): `{ state: 'serving', mode }` for a ZooKeeper serving clients,
 * `{ state: 'other', reply }` when something listens but does not say that (a ZooKeeper still starting or
 * without `srvr` in its whitelist, or another program), `{ state: 'none' }` when nothing does.
 */
export async function probeZooKeeper(port) {
  try {
    const reply = await sendFourLetterWord(port, 'srvr');
    const mode = /^Mode: (\w+)/m.exec(reply)?.[1];
    return mode ? { state: 'serving', mode } : { state: 'other', reply: reply.trim() };
  } catch (error) {
    return error.code === 'ECONNREFUSED' ? { state: 'none' } : { state: 'other', reply: error.message };
  }
}

/**
 * The server's role from `srvr`: 'leader', 'follower', 'observer' or 'standalone'; null while it does not
 * serve clients or does not answer.
 */
export async function zooKeeperMode(port) {
  const reply = await sendFourLetterWord(port, 'srvr').catch(() => '');
  return /^Mode: (\w+)/m.exec(reply)?.[1] ?? null;
}

/**
 * Whether the server serves clients. `ruok` is not enough: it answers `imok` as soon as the port is open,
 * before a standalone server has loaded its data or an ensemble member has joined a quorum, and a client
 * connecting then is turned away.
 */
export async function isServing(port) {
  return (await zooKeeperMode(port)) !== null;
}
