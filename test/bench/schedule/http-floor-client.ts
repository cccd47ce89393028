// The HTTP floor, as a process of its own: Epoch's HTTP task runner (the one the server uses, same
// connection pool, same headers) calls the sink at fire times, with no scheduler, no ZooKeeper and no run
// state. What the benchmark measures of it is the part of a fire's lag that the HTTP path alone costs on
// this machine. With `raw`, no HTTP client either: requests written beforehand go out on sockets opened
// beforehand, one per call, which is what the sink alone costs. Run by schedule-bench.ts's `floor` scenario:
//   tsx http-floor-client.ts <sink url> <JSON: Array<{ fireTime, calls }>> [runner|raw]
import { connect, type Socket } from 'node:net';
import { once } from 'node:events';
import { runIdFor } from '@epoch/shared';
import { EgressPolicy } from '../../../server/src/egress/egress-policy.js';
import { HttpTaskRunner } from '../../../server/src/runners/http/http-task-runner.js';

interface Round {
  fireTime: number;
  calls: number;
}

const [sinkUrl, roundsJson, mode = 'runner'] = process.argv.slice(2);
if (!sinkUrl || !roundsJson || (mode !== 'runner' && mode !== 'raw'))
  throw new Error('usage: http-floor-client <sink url> <rounds JSON> [runner|raw]');
const rounds = JSON.parse(roundsJson) as Round[];
const sink = new URL(sinkUrl);
const payload = { bench: true };
const body = JSON.stringify(payload);

const untilTime = (time: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.max(0, time - Date.now())));

async function viaRunner(): Promise<number> {
  const runner = new HttpTaskRunner({
    defaultTimeoutSeconds: 30,
    userAgent: 'epoch-floor',
    // The bench's sink is on loopback; the floor runs the same policy check as Epoch's calls.
    egress: new EgressPolicy({ allow: ['127.0.0.0/8'], deny: [] }),
    clock: Date,
  });
  const task = {
    type: 'HTTP' as const,
    taskName: 'hook',
    method: 'POST' as const,
    url: sink.href,
    headers: {},
    body: payload,
  };
  let failed = 0;
  for (const { fireTime, calls } of rounds) {
    await untilTime(fireTime);
    const runId = runIdFor('SCHEDULED', fireTime);
    const results = await Promise.all(
      Array.from({ length: calls }, (_, i) =>
        runner.run(task, {
          topologyId: `floor-${i}`,
          runId,
          taskId: `floor-${i}-${runId}-hook`,
          taskName: 'hook',
          attempt: 1,
          fireTime,
          // One per call, as each run has its own.
          signal: new AbortController().signal,
        }),
      ),
    );
    failed += results.filter((result) => result.state !== 'COMPLETED').length;
  }
  await runner.close();
  return failed;
}

/** One keep-alive connection per call; each round's requests are written before their fire time. */
async function viaRawSockets(): Promise<number> {
  const sockets: Socket[] = [];
  for (let i = 0; i < Math.max(...rounds.map((round) => round.calls)); i++) {
    const socket = connect(Number(sink.port), sink.hostname).setNoDelay(true);
    await once(socket, 'connect');
    sockets.push(socket);
  }
  let failed = 0;
  for (const { fireTime, calls } of rounds) {
    const runId = runIdFor('SCHEDULED', fireTime);
    const requests = sockets.slice(0, calls).map((_, i) => Buffer.from(rawRequest(sink, i, runId, fireTime)));
    await untilTime(fireTime);
    const statuses = await Promise.all(requests.map((request, i) => exchange(sockets[i]!, request)));
    failed += statuses.filter((status) => status !== '204').length;
  }
  for (const socket of sockets) socket.destroy();
  return failed;
}

function rawRequest(url: URL, i: number, runId: string, fireTime: number): string {
  const headers = [
    `POST ${url.pathname} HTTP/1.1`,
    `Host: ${url.host}`,
    'Content-Type: application/json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    `X-Epoch-Task-Id: floor-${i}-${runId}-hook`,
    `X-Epoch-Topology-Id: floor-${i}`,
    `X-Epoch-Run-Id: ${runId}`,
    'X-Epoch-Attempt: 1',
    `X-Epoch-Fire-Time: ${new Date(fireTime).toISOString()}`,
  ];
  return `${headers.join('\r\n')}\r\n\r\n${body}`;
}

/** Writes a request and reads its bodiless response's head; resolves with the status code. */
function exchange(socket: Socket, request: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    let head = '';
    const onData = (chunk: Buffer) => {
      head += chunk.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      socket.off('data', onData).off('error', reject);
      resolve(head.slice(9, 12));
    };
    socket.on('data', onData).once('error', reject);
    socket.write(request);
  });
}

const failed = mode === 'raw' ? await viaRawSockets() : await viaRunner();
if (failed > 0) throw new Error(`${failed} calls failed`);
