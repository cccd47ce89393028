// Benchmark topologies (one HTTP task calling the sink) and their creation through the public REST API.
import type { TopologyInput, Trigger } from '@epoch/shared';

export function httpTopology(name: string, trigger: Trigger, sinkUrl: string): TopologyInput {
  return {
    name,
    task: { type: 'HTTP', taskName: 'hook', method: 'POST', url: sinkUrl, body: { bench: true } },
    trigger,
  };
}

export const cron = (timeSpec: string): Trigger => ({ type: 'CRON', timeSpec, timeZone: 'UTC' });
export const at = (time: number): Trigger => ({ type: 'AT', time });

export interface CreateResult {
  created: number;
  /** Already there (a rerun on the same root): counted as created. */
  existed: number;
  seconds: number;
  perSecond: number;
}

const REQUEST_TIMEOUT_MS = 30_000;
const ATTEMPTS = 5;

/**
 * POSTs every topology, `concurrency` requests in flight, printing progress. Retries 5xx and network errors
 * a few times; a 409 (same name exists) counts as created, so a rerun can reuse a root.
 */
export async function createTopologies(
  apiUrl: string,
  topologies: TopologyInput[],
  { concurrency = 50, label = 'topologies' }: { concurrency?: number; label?: string } = {},
): Promise<CreateResult> {
  const started = performance.now();
  let next = 0;
  let created = 0;
  let existed = 0;
  const progress = setInterval(() => {
    const seconds = (performance.now() - started) / 1000;
    const done = created + existed;
    console.log(
      `  creating ${label}: ${done.toLocaleString('en-US')}/${topologies.length.toLocaleString('en-US')} (${Math.round(done / seconds)}/s)`,
    );
  }, 5_000);
  const worker = async () => {
    while (next < topologies.length) {
      const topology = topologies[next++] as TopologyInput;
      if ((await createOne(apiUrl, topology)) === 'existed') existed++;
      else created++;
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, topologies.length) }, worker));
  } finally {
    clearInterval(progress);
  }
  const seconds = (performance.now() - started) / 1000;
  return { created, existed, seconds, perSecond: topologies.length / seconds };
}

async function createOne(apiUrl: string, topology: TopologyInput): Promise<'created' | 'existed'> {
  for (let attempt = 1; ; attempt++) {
    let failure: string;
    try {
      const response = await fetch(`${apiUrl}/apis/v1/topologies`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(topology),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      const text = await response.text();
      if (response.status === 200) return 'created';
      if (response.status === 409) return 'existed';
      failure = `HTTP ${response.status}: ${text.slice(0, 300)}`;
      if (response.status < 500) throw new Error(`creating ${topology.name} failed: ${failure}`);
    } catch (error) {
      if (error instanceof Error && error.message.startsWith('creating ')) throw error;
      failure = error instanceof Error ? error.message : String(error);
    }
    if (attempt >= ATTEMPTS)
      throw new Error(`creating ${topology.name} failed ${ATTEMPTS} times: ${failure}`);
    await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
  }
}

export function describeCreation(result: CreateResult): string {
  return `created ${(result.created + result.existed).toLocaleString('en-US')} topologies in ${result.seconds.toFixed(1)} s (${Math.round(result.perSecond)}/s)`;
}
