import type { Trigger } from '@epoch/shared';
import cronstrue from 'cronstrue';

/** "every 5 minutes, Europe/London", "daily at 02:30, UTC", "once at 2026-05-01 10:00 UTC": a trigger in words. */
export function describeTrigger(trigger: Trigger): string {
  if (trigger.type === 'AT') return `once at ${formatDateTime(trigger.time)}`;
  return `${describeCron(trigger.timeSpec)}, ${trigger.timeZone}`;
}

/**
 * A Quartz expression in words ("every 5 minutes", "at 02:30"), by cronstrue, which reads Quartz's fields
 * (seconds, `?`, `L`, `W`, `#`, days of the week from 1 = Sunday); the expression itself when it cannot.
 */
export function describeCron(expression: string): string {
  try {
    const words = cronstrue.toString(expression, {
      use24HourTimeFormat: true,
      dayOfWeekStartIndexZero: false,
      throwExceptionOnParseError: true,
    });
    // Read inside a sentence: "Runs every 5 minutes, UTC".
    return words.charAt(0).toLowerCase() + words.slice(1);
  } catch {
    return `cron ${expression}`;
  }
}

/** "2026-05-01 10:00:05" in the viewer's time zone, with the zone's short name. */
export function formatDateTime(ms: number, timeZone?: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
    timeZone,
    timeZoneName: 'short',
  })
    .format(new Date(ms))
    .replace(',', '');
}

/** "in 3 min", "5 s ago": close times read faster as distances. */
export function formatRelative(ms: number, now = Date.now()): string {
  const seconds = Math.round((ms - now) / 1000);
  const abs = Math.abs(seconds);
  const [value, unit] =
    abs < 60
      ? [abs, 's']
      : abs < 3600
        ? [Math.round(abs / 60), 'min']
        : abs < 86_400
          ? [Math.round(abs / 3600), 'h']
          : [Math.round(abs / 86_400), 'd'];
  return seconds >= 0 ? `in ${value} ${unit}` : `${value} ${unit} ago`;
}

/** "1.2 s", "3 min 4 s": a duration in ms. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return minutes < 60 ? `${minutes} min ${seconds} s` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
