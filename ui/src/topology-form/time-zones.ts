/** The viewer's IANA zone, or UTC when the runtime does not say. */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

let supported: string[] | undefined;

/** Every IANA zone the browser knows, plus UTC and `current` (a stored zone may be an alias not listed). */
export function timeZoneOptions(current?: string): string[] {
  supported ??= typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  const extra = ['UTC', current].filter((zone): zone is string => !!zone && !supported!.includes(zone));
  return [...new Set([...extra, ...supported])];
}
