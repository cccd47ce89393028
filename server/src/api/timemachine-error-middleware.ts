import { NotFoundError, timeMachineErrorCode, type TimeMachineError } from '@epoch/shared';
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { describeError, logServerError } from './error-middleware.js';

/**
 * Errors on the timeMachine paths in the shape its documentation shows, `{"error", "code"}`, instead of Epoch's
 * envelope. Epoch's typed errors keep the status they have everywhere (error-middleware.ts), and each status
 * has its code (TIMEMACHINE_ERRORS): the message is the same one `/apis` would send, naming the field.
 */
export function timeMachineErrorMiddleware(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const { status } = sendTimeMachineError(res, error);
    logServerError(logger, req, status, error);
  };
}

/** Answers with the status and timeMachine's body for `error`; for the rare handler outside express's error flow. */
export function sendTimeMachineError(res: Response, error: unknown): { status: number } {
  const { status, body, retryAfter } = describeError(error);
  if (retryAfter !== undefined) res.setHeader('Retry-After', String(retryAfter));
  const answer: TimeMachineError = { error: body.message, code: timeMachineErrorCode(status) };
  res.status(status).json(answer);
  return { status };
}

/** A path under `/job` or `/route` that no route serves: a 404 in timeMachine's shape, never the UI's page. */
export const timeMachineNotFound: RequestHandler = (req) => {
  throw new NotFoundError(`Nothing at ${req.method} ${req.originalUrl.split('?')[0]}`);
};
