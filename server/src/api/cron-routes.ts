import {
  cronPreviewQuerySchema,
  nextFireTimes,
  parseInput,
  validateQuartzCron,
  type CronPreview,
} from '@epoch/shared';
import { Router } from 'express';
import type { Clock } from '../time/clock.js';
import { sendSuccess } from './envelope.js';

/** `GET /apis/v1/cron/preview`: is the expression valid, and when would it fire next. */
export function cronRoutes(clock: Clock): Router {
  const router = Router();
  router.get('/cron/preview', (req, res) => {
    const { expression, timeZone, count } = parseInput(cronPreviewQuerySchema, req.query, 'query');
    const verdict = validateQuartzCron(expression);
    const preview: CronPreview = verdict.valid
      ? {
          expression,
          timeZone,
          valid: true,
          nextFireTimes: nextFireTimes(expression, { timeZone, after: clock.now(), count }).map((d) =>
            d.getTime(),
          ),
        }
      : { expression, timeZone, valid: false, message: verdict.message, nextFireTimes: [] };
    sendSuccess(res, preview);
  });
  return router;
}
