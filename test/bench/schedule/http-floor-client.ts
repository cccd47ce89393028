// The HTTP floor, as a process of its own: Epoch's HTTP task runner (the one the server uses, same
// connection pool, same headers) calls the sink at fire times, with no scheduler, no ZooKeeper and no run
// state. What the benchmark measures of it is the part of a fire's lag that the HTTP path alone costs on
// this machine. Run by schedule-bench.ts's `floor` scenario:
//   tsx http-floor-client.ts <sink url> <JSON: Array<{ fireTime, calls }>>
import { runIdFor } from '@epoch/shared';
import { HttpTaskRunner } from '../../../server/src/execution/http/http-task-runner.js';

interface Round {
  fireTime: number;
  calls: number;
}

const [sinkUrl, roundsJson] = process.argv.slice(2);
if (!sinkUrl || !roundsJson) throw new Error('usage: http-floor-client <sink url> <rounds JSON>');
const rounds = JSON.parse(roundsJson) as Round[];

const runner = new HttpTaskRunner({ defaultTimeoutSeconds: 30, userAgent: 'epoch-floor', clock: Date });
const task = {
  type: 'HTTP' as const,
  taskName: 'hook',
  method: 'POST' as const,
  url: sinkUrl,
  headers: {},
  body: { bench: true },
};

let failed = 0;
for (const { fireTime, calls } of rounds) {
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, fireTime - Date.now())));
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
if (failed > 0) throw new Error(`${failed} calls failed`);
