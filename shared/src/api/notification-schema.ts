import { z } from 'zod';
import { EMAIL_REGEX } from './regexes.js';

export const mailNotificationSchema = z.object({
  type: z.literal('MAIL'),
  emails: z.array(z.string().trim().regex(EMAIL_REGEX, 'must be an email address')).min(1),
});

export const blackholeNotificationSchema = z.object({ type: z.literal('BLACKHOLE') });

export const notificationSpecSchema = z
  .discriminatedUnion('type', [mailNotificationSchema, blackholeNotificationSchema])
  .meta({ id: 'NotificationSpec' });

export type NotificationSpec = z.infer<typeof notificationSpecSchema>;
