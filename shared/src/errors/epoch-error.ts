/**
 * Typed errors shared by server and UI. Domain code throws them; the server's one error
 * middleware maps `name` to an HTTP status, and the UI rebuilds them from the response.
 */
export interface FieldIssue {
  /** Dotted path of the offending field, e.g. `trigger.timeSpec` or `task.tasks.0.url`. */
  field: string;
  message: string;
}

export abstract class EpochError extends Error {
  abstract override readonly name: string;
}

/** The caller sent something invalid; `issues` name every offending field. */
export class InputError extends EpochError {
  override readonly name = 'InputError';
  constructor(
    message: string,
    readonly issues: FieldIssue[] = [],
  ) {
    super(message);
  }
}

/** A Quartz cron expression that Quartz 2.3.2 would reject. */
export class InvalidCronExpressionError extends EpochError {
  override readonly name = 'InvalidCronExpressionError';
  constructor(
    readonly expression: string,
    readonly reason: string,
  ) {
    super(`Invalid cron expression "${expression}": ${reason}`);
  }
}

export class NotFoundError extends EpochError {
  override readonly name = 'NotFoundError';
}

/** No valid credentials came with the request. */
export class UnauthorizedError extends EpochError {
  override readonly name = 'UnauthorizedError';
}

/** The caller is known but their role does not allow this (or the request looks forged). */
export class ForbiddenError extends EpochError {
  override readonly name = 'ForbiddenError';
}

export class ConflictError extends EpochError {
  override readonly name = 'ConflictError';
}

/** Refused for now: the caller may try again after `retryAfterSeconds` (sent as Retry-After). */
export abstract class RetryLaterError extends EpochError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/** The caller tried too often (e.g. failed logins). */
export class TooManyRequestsError extends RetryLaterError {
  override readonly name = 'TooManyRequestsError';
}

/** A dependency (ZooKeeper, the leader) cannot be reached right now. */
export class ServiceUnavailableError extends RetryLaterError {
  override readonly name = 'ServiceUnavailableError';
  constructor(message: string, retryAfterSeconds = 1) {
    super(message, retryAfterSeconds);
  }
}
