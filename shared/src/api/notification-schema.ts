import { z } from 'zod';
import { EMAIL_REGEX } from './regexes.js';

export const mailNotificationSchema = z.object({
  type: z.literal('MAIL'),
  emails: z.array(z.string().trim().regex(EMAIL_REGEX, 'must be an email address')).min(1),
  // Optional rather than defaulted, so topologies made by Epoch clients read back exactly as sent.
  onSuccess: z
    .boolean()
    .optional()
    .meta({ description: 'Also mail when a run succeeds; default true, as Epoch mails every finished run' }),
});

export const WEBHOOK_FORMATS = ['JSON', 'SLACK'] as const;

export const webhookNotificationSchema = z.object({
  type: z.literal('WEBHOOK'),
  url: z.url({ protocol: /^https?$/, error: 'must be an http or https URL' }),
  format: z
    .enum(WEBHOOK_FORMATS)
    .default('JSON')
    .meta({ description: 'JSON: the run event; SLACK: an incoming-webhook message {text, blocks}' }),
  onSuccess: z.boolean().optional().meta({ description: 'Also call when a run succeeds; default false' }),
});

export const blackholeNotificationSchema = z.object({ type: z.literal('BLACKHOLE') });

export const notificationSpecSchema = z
  .discriminatedUnion('type', [
    mailNotificationSchema,
    webhookNotificationSchema,
    blackholeNotificationSchema,
  ])
  .meta({ id: 'NotificationSpec' });

export type NotificationSpec = z.infer<typeof notificationSpecSchema>;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];
