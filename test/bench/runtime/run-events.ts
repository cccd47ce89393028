// The leader's run events (GET /apis/v1/events), read once for the whole measurement: each run's transitions
// arrive as they are written, stamped with the leader's `updated` time, so no run is polled and the times are
// the leader's own rather than a poll interval's.
import type { RunInfo } from '@epoch/shared';

const TERMINAL_RUN_STATES: ReadonlySet<string> = new Set([
  'SUCCESSFUL',
  'COMPLETED',
  'FAILED',
  'SKIPPED',
  'CANCELLED',
]);

export interface RunTimes {
  /** When the leader recorded the task RUNNING (`updated` of that transition), epoch ms. */
  running?: number;
  /** When the leader recorded the run's end, epoch ms. */
  ended?: number;
  /** The run's last state seen. */
  state?: string;
  message?: string;
}

export class RunEvents {
  private readonly runs = new Map<string, RunTimes>();
  private readonly waiters = new Map<string, () => void>();
  private readonly controller = new AbortController();
  private reading: Promise<void> = Promise.resolve();

  /** Resolves once the stream is open: events from then on are seen. */
  async open(baseUrl: string): Promise<void> {
    const response = await fetch(`${baseUrl}/apis/v1/events`, { signal: this.controller.signal });
    if (response.status !== 200 || !response.body) throw new Error(`events: HTTP ${response.status}`);
    const body = response.body;
    this.reading = this.read(body).catch((error: unknown) => {
      if (!this.controller.signal.aborted) throw error;
    });
  }

  close(): Promise<void> {
    this.controller.abort();
    return this.reading;
  }

  times(topologyId: string, runId: string): RunTimes {
    return this.runs.get(key(topologyId, runId)) ?? {};
  }

  /** True once the run has ended, false when `timeoutMs` passed first. */
  async ended(topologyId: string, runId: string, timeoutMs: number): Promise<boolean> {
    const id = key(topologyId, runId);
    if (this.runs.get(id)?.ended !== undefined) return true;
    let timer: NodeJS.Timeout | undefined;
    const ended = await Promise.race([
      new Promise<boolean>((resolve) => this.waiters.set(id, () => resolve(true))),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs))),
    ]);
    clearTimeout(timer);
    this.waiters.delete(id);
    return ended;
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    let buffered = '';
    for await (const text of body.pipeThrough(new TextDecoderStream())) {
      buffered += text;
      let end: number;
      while ((end = buffered.indexOf('\n\n')) >= 0) {
        this.take(buffered.slice(0, end));
        buffered = buffered.slice(end + 2);
      }
    }
  }

  /** One SSE message: `event: run` with the run as one `data:` line; anything else is not ours. */
  private take(message: string): void {
    const lines = message.split('\n');
    if (!lines.includes('event: run')) return;
    const data = lines.find((line) => line.startsWith('data: '));
    if (!data) return;
    const run = JSON.parse(data.slice('data: '.length)) as RunInfo;
    const id = key(run.topologyId, run.runId);
    const times = this.runs.get(id) ?? {};
    this.runs.set(id, times);
    times.state = run.state;
    times.message = run.message;
    // The first event showing a task running: a later one (the end) carries a later `updated`.
    if (times.running === undefined && Object.values(run.tasks).some((task) => task.state === 'RUNNING'))
      times.running = run.updated;
    if (TERMINAL_RUN_STATES.has(run.state) && times.ended === undefined) {
      times.ended = run.updated;
      this.waiters.get(id)?.();
    }
  }
}

const key = (topologyId: string, runId: string) => `${topologyId}/${runId}`;
