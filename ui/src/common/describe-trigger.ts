import type { Trigger } from '@epoch/shared';

const UNITS = ['second', 'minute', 'hour'] as const;

/** "every 5 minutes, Europe/London", "daily at 02:30, UTC", "once at 2026-05-01 10:00 UTC": a trigger in words. */
export function describeTrigger(trigger: Trigger): string {
  if (trigger.type === 'AT') return `once at ${formatDateTime(trigger.time)}`;
  return `${describeCron(trigger.timeSpec)}, ${trigger.timeZone}`;
}

/** Common shapes in words; anything else stays the expression (Quartz syntax is precise, words may not be). */
export function describeCron(expression: string): string {
  const fields = expression.trim().split(/\s+/);
  const [second, minute, hour, dayOfMonth, month, dayOfWeek, year] = fields;
  const everyDay =
    dayOfMonth &&
    ['*', '?'].includes(dayOfMonth) &&
    month === '*' &&
    dayOfWeek &&
    ['*', '?'].includes(dayOfWeek);
  if (fields.length < 6 || !everyDay || (year !== undefined && year !== '*')) return `cron ${expression}`;
  const step = (field: string | undefined) => /^(?:\*|0)\/(\d+)$/.exec(field ?? '')?.[1];
  const time = [second, minute, hour];
  // Every N units: the finer fields fixed at 0, the coarser ones "*".
  for (let unit = 0; unit < 3; unit++) {
    const field = time[unit];
    const finerFixed = time.slice(0, unit).every((value) => value === '0');
    const coarserAny = time.slice(unit + 1).every((value) => value === '*');
    if (!finerFixed || !coarserAny) continue;
    if (field === '*') return `every ${UNITS[unit]}`;
    const n = step(field);
    if (n) return n === '1' ? `every ${UNITS[unit]}` : `every ${n} ${UNITS[unit]}s`;
  }
  if (second === '0' && /^\d+$/.test(minute ?? '') && hour === '*') return `hourly at minute ${minute}`;
  if (second === '0' && /^\d+$/.test(minute ?? '') && /^\d+$/.test(hour ?? '')) {
    return `daily at ${hour!.padStart(2, '0')}:${minute!.padStart(2, '0')}`;
  }
  return `cron ${expression}`;
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
