import {
  cronPreviewQuerySchema,
  cronPreviewSchema,
  nextFireTimes,
  validateQuartzCron,
  type CronPreview,
} from '@epoch/shared';
import type { Clock } from '../time/clock.js';
import { sendSuccess } from './envelope.js';
import { failures, ok } from './openapi-responses.js';
import { declareRoute, type Route } from './route-declaration.js';

/** `GET /apis/v1/cron/preview`: is the expression valid, and when would it fire next. */
export function cronRoutes(clock: Clock): Route[] {
  return [
    declareRoute({
      method: 'get',
      path: '/cron/preview',
      request: { query: cronPreviewQuerySchema },
      handle: (_req, res, { query: { expression, timeZone, count } }) => {
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
      },
      openapi: {
        tags: ['cron'],
        summary: 'Validate a Quartz cron expression and list its next fire times',
        responses: { ...ok(cronPreviewSchema, 'Verdict and next fire times'), ...failures(400) },
      },
    }),
  ];
}
