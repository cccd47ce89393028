// The HTTP worker thread: Epoch's HttpTaskRunner, fed calls by WorkerHttpTaskRunner on the main thread. Sending
// and reading HTTP is a third of a leader's CPU under a burst; here it runs on a core of its own.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { EgressPolicy } from '../../egress/egress-policy.js';
import { NextTickBatches } from '../../batching/next-tick-batches.js';
import {
  failedAttempt,
  type HttpWorkerReply,
  type HttpWorkerRequest,
  type HttpWorkerSettings,
} from './http-worker-protocol.js';
import { HttpTaskRunner } from './http-task-runner.js';

const port = parentPortOrThrow();
/** Requests handled per turn of the event loop. */
const SLICE = 64;

const settings = workerData as HttpWorkerSettings;
const runner = new HttpTaskRunner({ ...settings, egress: new EgressPolicy(settings.egress), clock: Date });
const calls = new Map<number, AbortController>();
const replies = new NextTickBatches<HttpWorkerReply>((batch) => void port.postMessage(batch));

/** Requests not handled yet, in the order they came. */
const queue: HttpWorkerRequest[] = [];

// Node hands a thread every message that arrives while it handles messages before it reads its sockets again:
// handled as they came, a burst's calls would keep this thread from connecting and writing until the burst
// stopped arriving. Queued, they are started a slice per turn of the event loop, between socket reads.
port.on('message', (batch: HttpWorkerRequest[]) => {
  if (queue.length === 0) setImmediate(handleSlice);
  for (const request of batch) queue.push(request);
});

function handleSlice(): void {
  for (const request of queue.splice(0, SLICE)) handle(request);
  if (queue.length > 0) setImmediate(handleSlice);
}

function handle(request: HttpWorkerRequest): void {
  if (request.kind === 'call') call(request);
  else if (request.kind === 'cancel') calls.get(request.id)?.abort();
  else void close();
}

function call({
  id,
  task,
  identity,
  taskName,
  cancelled,
}: Extract<HttpWorkerRequest, { kind: 'call' }>): void {
  const controller = new AbortController();
  if (cancelled) controller.abort();
  calls.set(id, controller);
  runner
    .run(task, { ...identity, taskName, signal: controller.signal })
    // The runner turns every outcome into a result; a throw is a bug, and must not leave the run waiting.
    .catch((error: unknown) =>
      failedAttempt(`HTTP worker error: ${error instanceof Error ? error.message : String(error)}`),
    )
    .then((result) => {
      calls.delete(id);
      replies.push({ id, result });
    });
}

async function close(): Promise<void> {
  await runner.close();
  replies.flush();
  port.close();
}

function parentPortOrThrow(): MessagePort {
  if (!parentPort) throw new Error('http-worker runs as a worker thread');
  return parentPort;
}
