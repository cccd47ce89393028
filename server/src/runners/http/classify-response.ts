/** How one attempt ended, as far as the caller's retry decision is concerned. */
export interface AttemptVerdict {
  state: 'COMPLETED' | 'FAILED' | 'CANCELLED';
  /** Worth another attempt: the failure may be transient (5xx, 408, 429, timeout, network). */
  retryable: boolean;
  errorMessage?: string;
  /** The request certainly never reached the receiver (no connection was made): sending it again cannot repeat it. */
  unsent?: boolean;
}

/** Client errors that mean "not now" rather than "never": request timeout and rate limiting. */
const RETRYABLE_CLIENT_STATUSES: ReadonlySet<number> = new Set([408, 429]);

export interface ResponseHead {
  status: number;
  /** The Location header; shown for redirects, which are never followed. */
  location?: string | null;
}

/**
 * Success is a status in `successCodes` when given, else any 2xx. A 3xx is a failure unless listed: following a
 * redirect would re-send (or drop) the body to a host nobody configured.
 */
export function classifyResponse(
  { status, location }: ResponseHead,
  successCodes: readonly number[] | undefined,
  target: string,
): AttemptVerdict {
  const success = successCodes ? successCodes.includes(status) : status >= 200 && status < 300;
  if (success) return { state: 'COMPLETED', retryable: false };
  const details = [
    isRedirect(status) ? `redirect${location ? ` to ${location}` : ''} not followed` : undefined,
    successCodes ? `expected ${successCodes.join(', ')}` : undefined,
  ].filter((detail) => detail !== undefined);
  return {
    state: 'FAILED',
    retryable: status >= 500 || RETRYABLE_CLIENT_STATUSES.has(status),
    errorMessage: `HTTP ${status} from ${target}${details.length > 0 ? ` (${details.join('; ')})` : ''}`,
  };
}

const isRedirect = (status: number) => status >= 300 && status < 400;
