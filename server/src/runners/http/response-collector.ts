import type { Dispatcher } from 'undici';

/** What an attempt got back: the status, a redirect's Location, and the start of the body as UTF-8 text. */
export interface CollectedResponse {
  status: number;
  location: string | null;
  text: string;
  /** False when the body went on past the limit: the connection was closed instead of reading the rest. */
  complete: boolean;
}

/** Why an attempt got no (whole) response; `stage` says whether headers had arrived. */
export class AttemptFailure extends Error {
  override readonly name = 'AttemptFailure';
  constructor(
    readonly error: unknown,
    readonly stage: 'request' | 'response body',
    readonly httpStatus?: number,
  ) {
    super(error instanceof Error ? error.message : String(error));
  }
}

/** The reason a collector aborts a body it has read enough of; never surfaces as a failure. */
class EnoughRead extends Error {}

/**
 * An undici dispatch handler for one call: keeps the status, the Location header and at most
 * `maxBytes` of the body, then settles `done` once. A body going on past the limit (or never
 * ending) is cut off by aborting the request, which closes the connection. `abort` may come at
 * any time, before the request has even left undici's queue: `done` rejects with the reason at
 * once. Lighter per call than undici's `request()`, which wraps every body in a stream; a burst
 * of fires is thousands of calls.
 */
export class ResponseCollector implements Dispatcher.DispatchHandler {
  readonly done: Promise<CollectedResponse>;
  private resolve!: (response: CollectedResponse) => void;
  private reject!: (failure: AttemptFailure) => void;
  private controller: Dispatcher.DispatchController | null = null;
  private abortReason: Error | null = null;
  private settled = false;
  private status = 0;
  private location: string | null = null;
  // Not fatal: a body with invalid UTF-8 is still worth showing, with U+FFFD where bytes were bad.
  private readonly decoder = new TextDecoder('utf-8');
  private text = '';
  private remaining: number;

  constructor(maxBytes: number) {
    this.remaining = maxBytes;
    this.done = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  abort(reason: Error): void {
    this.abortReason ??= reason;
    this.fail(reason);
    this.controller?.abort(reason);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.abortReason) controller.abort(this.abortReason);
  }

  onResponseStart(
    _controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: Record<string, unknown>,
  ): void {
    // 1xx informational responses come before the real one.
    if (statusCode < 200) return;
    this.status = statusCode;
    this.location = typeof headers.location === 'string' ? headers.location : null;
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.settled) return;
    const kept = chunk.byteLength > this.remaining ? chunk.subarray(0, this.remaining) : chunk;
    this.remaining -= kept.byteLength;
    this.text += this.decoder.decode(kept, { stream: true });
    if (this.remaining > 0) return;
    this.succeed(false);
    controller.abort(new EnoughRead());
  }

  onResponseEnd(): void {
    this.succeed(true);
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    if (error instanceof EnoughRead) return;
    this.fail(this.abortReason ?? error);
  }

  private succeed(complete: boolean): void {
    if (this.settled) return;
    this.settled = true;
    this.resolve({
      status: this.status,
      location: this.location,
      text: this.text + this.decoder.decode(),
      complete,
    });
  }

  private fail(error: unknown): void {
    if (this.settled) return;
    this.settled = true;
    const started = this.status !== 0;
    this.reject(
      new AttemptFailure(error, started ? 'response body' : 'request', started ? this.status : undefined),
    );
  }
}
