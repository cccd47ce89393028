/**
 * The error codes of the timeMachine-compatible API (`/job…`, `/route…`). timeMachine's documentation shows
 * errors as `{"error": "…", "code": "E001"}` but never lists its codes, and its code sends none; these are
 * Epoch's, one per HTTP status, so that a client can branch on either. The README lists them.
 */
export const TIMEMACHINE_ERRORS = {
  E001: { status: 400, meaning: 'Bad input: the message names the field (or `body` for malformed JSON)' },
  E002: { status: 401, meaning: 'No valid credentials: send Basic or Bearer credentials, as for /apis' },
  E003: { status: 403, meaning: 'Not allowed: a read-only caller writing, or a write that looks forged' },
  E004: { status: 404, meaning: 'No such job, route or path' },
  E005: { status: 409, meaning: 'Conflict: changed concurrently (say, while being delivered); retry' },
  E006: { status: 413, meaning: 'Body too large' },
  E007: { status: 429, meaning: 'Too many failed credentials; retry after Retry-After seconds' },
  E008: {
    status: 503,
    meaning: 'No leader or ZooKeeper unreachable right now; retry after Retry-After seconds',
  },
  E009: { status: 500, meaning: 'Unexpected server error' },
} as const;

export type TimeMachineErrorCode = keyof typeof TIMEMACHINE_ERRORS;

/** An error as the timeMachine-compatible API sends it. */
export interface TimeMachineError {
  error: string;
  code: TimeMachineErrorCode;
}

const CODE_BY_STATUS = new Map<number, TimeMachineErrorCode>(
  Object.entries(TIMEMACHINE_ERRORS).map(([code, { status }]) => [status, code as TimeMachineErrorCode]),
);

/** The code of an HTTP status; a status without its own is bad input if 4xx, a server error otherwise. */
export function timeMachineErrorCode(status: number): TimeMachineErrorCode {
  return CODE_BY_STATUS.get(status) ?? (status >= 400 && status < 500 ? 'E001' : 'E009');
}
