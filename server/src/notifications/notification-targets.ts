import type { NotificationSpec } from '@epoch/shared';
import type { NotificationDefaults, WebhookTarget } from './notification-settings.js';
import type { RunOutcome } from './run-summary.js';

export type NotificationTarget = { channel: 'mail'; to: string[] } | ({ channel: 'webhook' } & WebhookTarget);

/**
 * Who hears of a finished run: the topology's `notify`, or the configured defaults when it has none;
 * BLACKHOLE silences a topology. Failures always; successes by `onSuccess`, which for MAIL defaults
 * to Epoch's behaviour (it mails every finished run) and for webhooks to off.
 */
export function notificationTargets(
  notify: NotificationSpec | null | undefined,
  defaults: NotificationDefaults,
  outcome: RunOutcome,
): NotificationTarget[] {
  const wanted = (onSuccess: boolean) => outcome === 'FAILED' || onSuccess;
  if (!notify) {
    if (!wanted(defaults.onSuccess)) return [];
    return [
      ...(defaults.emails.length > 0 ? [{ channel: 'mail' as const, to: defaults.emails }] : []),
      ...(defaults.webhook ? [{ channel: 'webhook' as const, ...defaults.webhook }] : []),
    ];
  }
  switch (notify.type) {
    case 'MAIL':
      return wanted(notify.onSuccess ?? true) ? [{ channel: 'mail', to: notify.emails }] : [];
    case 'WEBHOOK':
      return wanted(notify.onSuccess ?? false)
        ? [{ channel: 'webhook', url: notify.url, format: notify.format }]
        : [];
    case 'BLACKHOLE':
      return [];
  }
}
