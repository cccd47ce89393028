const WALL_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

function wallParts(ms: number, timeZone: string): Record<string, number> {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(ms))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return parts;
}

/** How far the zone's wall clock is ahead of UTC at `ms`. */
function offsetAt(ms: number, timeZone: string): number {
  const p = wallParts(ms, timeZone);
  const wallAsUtc = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return wallAsUtc - Math.floor(ms / 1000) * 1000;
}

/**
 * Epoch ms of a wall time (`YYYY-MM-DD HH:mm[:ss]`) read in `timeZone`; NaN when it does not parse.
 * A wall time skipped by a DST jump moves forward by the jump; a repeated one takes its later instance.
 */
export function zonedWallTimeToEpoch(wall: string, timeZone: string): number {
  const match = WALL_TIME.exec(wall.trim());
  if (!match) return Number.NaN;
  const [year, month, day, hour, minute, second] = match.slice(1).map((v) => Number(v ?? 0));
  const asUtc = Date.UTC(year!, month! - 1, day!, hour!, minute!, second!);
  try {
    // The offset at the guess may differ from the one at the answer when a DST change lies between them.
    const guess = asUtc - offsetAt(asUtc, timeZone);
    return asUtc - offsetAt(guess, timeZone);
  } catch {
    return Number.NaN;
  }
}

/** `YYYY-MM-DD HH:mm:ss` of `ms` on the wall clock of `timeZone`: the inverse of {@link zonedWallTimeToEpoch}. */
export function epochToZonedWallTime(ms: number, timeZone: string): string {
  const p = wallParts(ms, timeZone);
  const two = (n: number | undefined) => String(n ?? 0).padStart(2, '0');
  return `${String(p.year).padStart(4, '0')}-${two(p.month)}-${two(p.day)} ${two(p.hour)}:${two(p.minute)}:${two(p.second)}`;
}
