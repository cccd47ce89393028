// An HTTP endpoint for topologies to call (benchmarks, cluster suites): it records when each call arrived and
// which fire and task it was for, and answers at once: 204, or 200 with `responseBody` when given (which every
// run then keeps, as the largest runs do).
import { startBurstServer, type BurstServer } from './burst-server.js';

export interface Arrival {
  /** Epoch ms (fractional) when the request's headers were read. */
  at: number;
  /** Epoch ms of the scheduled fire, from X-Epoch-Fire-Time. */
  fireTime: number;
  topologyId: string;
  runId: string;
  /** X-Epoch-Task-Id: the same for every attempt of one fire's task, the receiver's idempotency key. */
  taskId: string;
  attempt: number;
}

const nowMs = () => performance.timeOrigin + performance.now();

export class Sink {
  arrivals: Arrival[] = [];
  /** Requests without the X-Epoch-* headers (never expected). */
  malformed = 0;
  private server: BurstServer | null = null;

  constructor(private readonly responseBody?: string) {}

  get url(): string {
    return `http://127.0.0.1:${this.server?.port ?? 0}/hook`;
  }

  async start(): Promise<void> {
    this.server = await startBurstServer((req, res) => {
      const at = nowMs();
      const fireTime = Date.parse(String(req.headers['x-epoch-fire-time']));
      const runId = req.headers['x-epoch-run-id'];
      const topologyId = req.headers['x-epoch-topology-id'];
      if (Number.isNaN(fireTime) || typeof runId !== 'string' || typeof topologyId !== 'string') {
        this.malformed++;
      } else {
        this.arrivals.push({
          at,
          fireTime,
          topologyId,
          runId,
          taskId: String(req.headers['x-epoch-task-id']),
          attempt: Number(req.headers['x-epoch-attempt']),
        });
      }
      req.resume();
      req.on('end', () => {
        if (this.responseBody === undefined) res.writeHead(204).end();
        else res.writeHead(200, { 'Content-Type': 'text/plain' }).end(this.responseBody);
      });
    });
  }

  /** Takes the arrivals so far and starts a new list. */
  drain(): Arrival[] {
    const taken = this.arrivals;
    this.arrivals = [];
    return taken;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    await server?.close();
  }
}
