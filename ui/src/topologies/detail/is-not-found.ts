import { ApiError } from '../../api/client.js';

/** The API said 404: the thing is gone (or never was), which deserves its own state, not a red error. */
export const isNotFound = (error: unknown): boolean => error instanceof ApiError && error.status === 404;
