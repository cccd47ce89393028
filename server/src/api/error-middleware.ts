import {
  EpochError,
  InputError,
  RetryLaterError,
  ServiceUnavailableError,
  type ApiFailure,
} from '@epoch/shared';
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { ZkError } from '../zk/zk-errors.js';
import { CorruptNodeError } from '../zk/versioned-json.js';

const STATUS_BY_ERROR: Record<string, number> = {
  InputError: 400,
  InvalidCronExpressionError: 400,
  UnauthorizedError: 401,
  ForbiddenError: 403,
  NotFoundError: 404,
  ConflictError: 409,
  TooManyRequestsError: 429,
  ServiceUnavailableError: 503,
};

interface HttpParserError {
  type: string;
  status: number;
  message: string;
}

const isParserError = (error: unknown): error is HttpParserError =>
  typeof error === 'object' && error !== null && 'type' in error && 'status' in error;

/**
 * Turns anything thrown into a status and a body; the one place errors become HTTP (the timeMachine paths
 * reshape its answer: timemachine-error-middleware.ts).
 */
export function describeError(error: unknown): { status: number; body: ApiFailure; retryAfter?: number } {
  const failure = (
    status: number,
    name: string,
    message: string,
    extra: Partial<NonNullable<ApiFailure['data']>> = {},
  ) => ({
    status,
    body: { status: 'FAILED' as const, data: { error: name, ...extra }, message },
  });
  if (error instanceof InputError) {
    return failure(400, error.name, error.message, {
      validationErrors: error.issues.map((issue) => `${issue.field}: ${issue.message}`),
      issues: error.issues,
    });
  }
  if (error instanceof EpochError) {
    return {
      ...failure(STATUS_BY_ERROR[error.name] ?? 500, error.name, error.message),
      ...(error instanceof RetryLaterError && { retryAfter: error.retryAfterSeconds }),
    };
  }
  if (error instanceof ZkError && error.code === 'CONNECTION') {
    return {
      ...failure(503, 'ServiceUnavailableError', `ZooKeeper unavailable: ${error.message}`),
      retryAfter: 1,
    };
  }
  if (isParserError(error) && error.type === 'entity.parse.failed') {
    const message = `body: malformed JSON (${error.message})`;
    return failure(400, 'InputError', message, {
      validationErrors: [message],
      issues: [{ field: 'body', message: 'malformed JSON' }],
    });
  }
  if (isParserError(error) && error.status >= 400 && error.status < 500) {
    return failure(error.status, 'InputError', `body: ${error.message}`);
  }
  const message = error instanceof CorruptNodeError ? error.message : 'Unexpected server error';
  return failure(500, 'InternalError', message);
}

/** Answers with the status and body for `error`; for the rare handler outside express's error flow. */
export function sendError(res: Response, error: unknown): { status: number } {
  const { status, body, retryAfter } = describeError(error);
  if (retryAfter !== undefined) res.setHeader('Retry-After', String(retryAfter));
  res.status(status).json(body);
  return { status };
}

/** Logs what is the server's fault; an unavailable dependency is not, and is logged where it is noticed. */
export function logServerError(logger: Logger, req: Request, status: number, error: unknown): void {
  if (status >= 500 && !(error instanceof ServiceUnavailableError))
    logger.error({ err: error, method: req.method, url: req.originalUrl }, 'request failed');
}

export function errorMiddleware(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const { status } = sendError(res, error);
    logServerError(logger, req, status, error);
  };
}

export const notFoundHandler: RequestHandler = (req, res) => {
  const body: ApiFailure = {
    status: 'FAILED',
    data: { error: 'NotFoundError' },
    message: `Nothing at ${req.method} ${req.path}`,
  };
  res.status(404).json(body);
};
