// Epoch's side of the benchmark over its REST API: the route, bulk creates (NDJSON, 10,000 a request, a few in
// flight) and the metrics the scenarios read.
import { JOB_BULK_MAX } from '@epoch/shared';
import { setTimeout as sleep } from 'node:timers/promises';
import { chunks, jobId, metaOf, type JobSet } from './bench-jobs.js';
import { inParallel } from './in-parallel.js';

export const DATABASE = 'bench';
export const COLLECTION = 'timers';
export const ROUTE = 'sink';

/** The Idempotency-Key Epoch sends for job i of `set`. */
export const epochKey = (set: JobSet, index: number) => `${DATABASE}/${COLLECTION}/${jobId(set, index)}`;

export async function putRoute(apiUrl: string, webhookUrl: string): Promise<void> {
  const response = await fetch(`${apiUrl}/apis/v1/job-routes/${DATABASE}/${ROUTE}`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ webhook_url: webhookUrl, timeoutSeconds: 10 }),
  });
  if (!response.ok) throw new Error(`PUT route: ${response.status} ${await response.text()}`);
}

export interface CreateOutcome {
  ms: number;
  requests: number;
  /** Items answered other than `ok`, and requests refused, with an example. */
  notOk: number;
  example?: string;
}

const RETRY_MS = 500;
const RETRIES = 20;

/** Creates every job of `set` by bulk, `parallel` requests in flight; 503s (leader loading) are retried. */
export async function createJobs(apiUrl: string, set: JobSet, parallel: number): Promise<CreateOutcome> {
  const started = performance.now();
  const outcome: CreateOutcome = { ms: 0, requests: 0, notOk: 0 };
  await inParallel(chunks(set.count, JOB_BULK_MAX), parallel, async ({ from, to }) => {
    const lines: string[] = [];
    for (let index = from; index < to; index++)
      lines.push(
        JSON.stringify({
          id: jobId(set, index),
          trigger_ms: set.triggerOf(index),
          route: ROUTE,
          meta: metaOf(set, index),
        }),
      );
    const body = `${lines.join('\n')}\n`;
    for (let attempt = 0; ; attempt++) {
      outcome.requests++;
      const response = await fetch(`${apiUrl}/apis/v1/jobs/${DATABASE}/${COLLECTION}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-ndjson' },
        body,
      });
      const text = await response.text();
      if (response.status === 503 && attempt < RETRIES) {
        await sleep(RETRY_MS);
        continue;
      }
      if (!response.ok) {
        outcome.notOk += to - from;
        outcome.example ??= `${response.status} ${text.slice(0, 300)}`;
        return;
      }
      const results = (JSON.parse(text) as { data: Array<{ id: string; status: string; error?: string }> })
        .data;
      for (const result of results)
        if (result.status !== 'ok') {
          outcome.notOk++;
          outcome.example ??= JSON.stringify(result);
        }
      return;
    }
  });
  outcome.ms = performance.now() - started;
  return outcome;
}

/** One sample's value from the server's Prometheus text (the sum over label sets), NaN when absent. */
export async function scrapeMetric(apiUrl: string, name: string): Promise<number> {
  const text = await (await fetch(`${apiUrl}/metrics`)).text();
  let sum = Number.NaN;
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = new RegExp(`^${name}(?:\\{[^}]*\\})? ([-\\d.e+]+|NaN)$`).exec(line);
    if (match) sum = (Number.isNaN(sum) ? 0 : sum) + Number(match[1]);
  }
  return sum;
}
