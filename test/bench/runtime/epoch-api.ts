// The two REST calls the benchmark makes, as any Epoch client would: create a topology, run it now.

/** A topology whose one container task runs `sleep <seconds>` on `image`, and never fires on its own. */
export function sleeperTopology(name: string, image: string, seconds: number): unknown {
  return {
    name,
    task: {
      type: 'CONTAINER_EXECUTION',
      taskName: 'sleep',
      executable: { type: 'DOCKER', url: image, dockerPullTimeout: '30 seconds' },
      // Memory only: Swarm reserves what a task declares, and a whole CPU each would let only two run at once on a
      // 2-core node. The same on both runtimes.
      resources: [{ type: 'MEMORY', sizeInMB: 64 }],
      args: ['sleep', String(seconds)],
    },
    // Only the benchmark's "run now" starts it.
    trigger: { type: 'CRON', timeSpec: '0 0 0 1 1 ? 2099' },
  };
}

export async function createTopology(baseUrl: string, topology: unknown): Promise<void> {
  await call(baseUrl, 'POST', '/apis/v1/topologies', topology);
}

/** PUT …/run: the instant run's id. */
export async function runNow(baseUrl: string, topologyId: string): Promise<string> {
  const data = (await call(baseUrl, 'PUT', `/apis/v1/topologies/${topologyId}/run`)) as { runId: string };
  return data.runId;
}

async function call(baseUrl: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const answer = (await response.json()) as { data?: unknown; message?: string };
  if (response.status !== 200) {
    throw new Error(`${method} ${path}: HTTP ${response.status} ${answer.message ?? JSON.stringify(answer)}`);
  }
  return answer.data;
}
