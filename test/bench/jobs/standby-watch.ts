// Watching a standby take over: when it names itself leader, when it first accepts a create (which waits for
// its index of every pending job), and what its log says the index load took.
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { EpochProcess } from '../../harness/epoch-process.js';
import { COLLECTION, DATABASE, ROUTE } from './epoch-jobs-client.js';

const POLL_MS = 50;

/** performance.now() when the leader endpoint of `server` first names `server`. */
export async function untilLeads(server: EpochProcess, deadline: number): Promise<number> {
  for (;;) {
    const body = await fetch(`${server.url}/apis/housekeeping/v1/leader`, {
      signal: AbortSignal.timeout(1_000),
    })
      .then((response) => response.json() as Promise<{ leader?: string }>)
      .catch(() => ({}) as { leader?: string });
    if (body.leader === server.url) return performance.now();
    if (Date.now() > deadline) throw new Error(`${server.url} did not lead before the deadline`);
    await sleep(POLL_MS);
  }
}

/** performance.now() when `apiUrl` first answers a one-job create with `ok`. */
export async function untilCreateAccepted(apiUrl: string, deadline: number): Promise<number> {
  const job = { id: 'takeover-probe', trigger_ms: Date.now() + 2 * 3_600_000, route: ROUTE, meta: {} };
  let last = '';
  for (;;) {
    const response = await fetch(`${apiUrl}/apis/v1/jobs/${DATABASE}/${COLLECTION}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify([job]),
    }).catch((error: unknown) => ({ ok: false, status: 0, text: async () => String(error) }));
    const text = await response.text();
    if (response.ok && (JSON.parse(text) as { data: Array<{ status: string }> }).data[0]?.status === 'ok')
      return performance.now();
    last = `${response.status} ${text.slice(0, 200)}`;
    if (Date.now() > deadline) throw new Error(`no create accepted before the deadline; last: ${last}`);
    await sleep(POLL_MS);
  }
}

/** The jobs and milliseconds of the last 'pending jobs loaded' line in a server's (JSON) log. */
export async function leaderLoadLine(logPath: string): Promise<{ jobs: number; ms: number }> {
  const lines = (await readFile(logPath, 'utf8'))
    .split('\n')
    .filter((line) => line.includes('pending jobs loaded'));
  const last = lines.at(-1);
  if (!last) return { jobs: NaN, ms: NaN };
  const { jobs, ms } = JSON.parse(last) as { jobs: number; ms: number };
  return { jobs, ms };
}
