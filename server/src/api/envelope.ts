import type { Response } from 'express';

/** Epoch's success envelope; Epoch clients expect HTTP 200 with it. */
export function sendSuccess(res: Response, data: unknown): void {
  res.status(200).json({ status: 'SUCCESS', data, message: 'success' });
}
