// What dockerode's errors carry: the engine's HTTP status (absent when the engine was not reached) and its text.

export function statusCodeOf(error: unknown): number | undefined {
  const statusCode = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof statusCode === 'number' ? statusCode : undefined;
}

/** The engine's own message, without dockerode's "(HTTP code 500) server error - " prefix. */
export function engineMessageOf(error: unknown): string {
  const json = (error as { json?: unknown } | null)?.json as { message?: unknown } | null | undefined;
  if (typeof json?.message === 'string') return json.message;
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/^\(HTTP code \d+\) [^-]*- /, '').trim();
}
