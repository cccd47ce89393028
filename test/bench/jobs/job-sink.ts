// The loopback receiver both systems deliver to: it records when each call arrived, its Idempotency-Key and the
// trigger_ms the job's body (its meta) carries, and answers 200 at once (timeMachine's success code).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

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
  private server: Server | null = null;
  private port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}/hook`;
  }

  async start(): Promise<void> {
    const server = createServer({ keepAliveTimeout: 60_000, requestTimeout: 0 }, (req, res) => {
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
    server.maxRequestsPerSocket = 0;
    // A burst opens hundreds of connections at once: a short accept queue would turn into SYN retries (1 s).
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ port: 0, host: '127.0.0.1', backlog: 65_535 }, resolve);
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
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
    if (!server) return;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
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
