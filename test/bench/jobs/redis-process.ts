// A private Redis for BullMQ, the peer: Debian's redis-server as a child process on a free loopback port, no
// persistence, killed when the benchmark ends (however it ends: a watchdog pipe, like the Epoch processes).
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '../../harness/epoch-process.js';

export interface RedisServer {
  port: number;
  pid: number;
  /** Redis's own figure: bytes its data set uses (INFO memory used_memory). */
  usedMemory(): Promise<number>;
  /** Resident set size of the redis-server process, bytes. */
  rss(): Promise<number>;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 15_000;

export async function startRedis(): Promise<RedisServer> {
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  await once(child, 'spawn');
  killWithThisProcess(child);
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    try {
      if ((await inlineCommand(port, 'PING')).startsWith('+PONG')) break;
      throw new Error('no PONG');
    } catch (error) {
      if (child.exitCode !== null || Date.now() > deadline)
        throw new Error(`redis-server on port ${port} did not start: ${String(error)}`);
      await sleep(100);
    }
  }
  return {
    port,
    pid: child.pid as number,
    async usedMemory() {
      const info = await inlineCommand(port, 'INFO memory');
      return Number(/^used_memory:(\d+)/m.exec(info)?.[1] ?? NaN);
    },
    async rss() {
      const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
      return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? NaN) * 1024;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await once(child, 'exit');
    },
  };
}

function killWithThisProcess(child: ChildProcess): void {
  const watchdog = spawn('sh', ['-c', 'read _; kill -KILL "$1" 2>/dev/null', 'watchdog', String(child.pid)], {
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  watchdog.unref();
  (watchdog.stdin as Socket | null)?.unref();
  child.once('exit', () => watchdog.kill('SIGKILL'));
}

/** One command in Redis's inline form on a fresh connection; the reply as text (a bulk reply whole). */
function inlineCommand(port: number, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1' });
    let reply = '';
    socket.setTimeout(5_000, () => socket.destroy(new Error(`redis ${command}: no reply`)));
    socket.on('error', reject);
    socket.on('connect', () => socket.write(`${command}\r\n`));
    socket.on('data', (chunk) => {
      reply += chunk.toString('utf8');
      const bulk = /^\$(\d+)\r\n/.exec(reply);
      const complete = bulk
        ? Buffer.byteLength(reply) >= bulk[0].length + Number(bulk[1]) + 2
        : reply.endsWith('\r\n');
      if (!complete) return;
      socket.end();
      resolve(reply);
    });
  });
}
