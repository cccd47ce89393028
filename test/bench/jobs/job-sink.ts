// The loopback receiver both systems deliver to: it records when each call arrived, its Idempotency-Key and the
// trigger_ms the job's body (its meta) carries, and answers 200 at once (timeMachine's success code).
import { startBurstServer, type BurstServer } from '../../harness/burst-server.js';

export interface JobArrival {
  /** Epoch ms (fractional) when the request's headers were read. */
  at: number;
  /** The Idempotency-Key header: `<db>/<collection>/<id>` from Epoch, `bullmq/<queue>/<id>` from the peer. */
  key: string;
  /** From the body: every benchmark job's meta is `{"t": trigger_ms, …}`. */
  triggerMs: number;
}

const nowMs = () => performance.timeOrigin + performance.now();

export class JobSink {
  arrivals: JobArrival[] = [];
  /** Distinct keys among `arrivals`: cheap to poll while a burst drains. */
  private keys = new Set<string>();
  /** Calls without the key or a readable trigger time (never expected). */
  malformed = 0;
  private server: BurstServer | null = null;

  get url(): string {
    return `http://127.0.0.1:${this.server?.port ?? 0}/hook`;
  }

  async start(): Promise<void> {
    this.server = await startBurstServer((req, res) => {
      const at = nowMs();
      const key = req.headers['idempotency-key'];
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const triggerMs = triggerOf(Buffer.concat(chunks).toString('utf8'));
        if (typeof key !== 'string' || triggerMs === null) this.malformed++;
        else {
          this.arrivals.push({ at, key, triggerMs });
          this.keys.add(key);
        }
        res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
      });
    });
  }

  get distinctKeys(): number {
    return this.keys.size;
  }

  /** Takes the arrivals so far and starts a new list. */
  drain(): JobArrival[] {
    const taken = this.arrivals;
    this.arrivals = [];
    this.keys = new Set();
    return taken;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    await server?.close();
  }
}

function triggerOf(body: string): number | null {
  try {
    const t = (JSON.parse(body) as { t?: unknown }).t;
    return typeof t === 'number' ? t : null;
  } catch {
    return null;
  }
}
