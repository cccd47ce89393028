// BullMQ's worker as a process of its own (like an Epoch server: its CPU its own, and killable as in a crash):
// each job's processor makes the call an Epoch job makes, a POST of the job's data as JSON to the sink with an
// Idempotency-Key, and fails the job on any status but 2xx.
// Run by bullmq-peer.ts: node --import tsx bullmq-worker-process.ts, with REDIS_PORT, QUEUE, SINK_URL, CONCURRENCY.
import { Worker } from 'bullmq';

const { REDIS_PORT, QUEUE, SINK_URL, CONCURRENCY } = process.env;
if (!REDIS_PORT || !QUEUE || !SINK_URL || !CONCURRENCY)
  throw new Error('REDIS_PORT, QUEUE, SINK_URL, CONCURRENCY');

const worker = new Worker(
  QUEUE,
  async (job) => {
    const response = await fetch(SINK_URL, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': `bullmq/${QUEUE}/${job.id}` },
      body: JSON.stringify(job.data),
      signal: AbortSignal.timeout(10_000),
    });
    await response.arrayBuffer();
    if (response.status < 200 || response.status > 299) throw new Error(`HTTP ${response.status}`);
  },
  {
    connection: { host: '127.0.0.1', port: Number(REDIS_PORT) },
    concurrency: Number(CONCURRENCY),
    removeOnComplete: { count: 0 },
  },
);
worker.on('error', (error) => console.error(`worker error: ${error.message}`));
await worker.waitUntilReady();
process.stdout.write('ready\n');
const close = () => void worker.close().finally(() => process.exit(0));
process.once('SIGTERM', close);
process.once('SIGINT', close);
