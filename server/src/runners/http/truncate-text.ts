export const TRUNCATION_MARK = '…[truncated]';

/** `text` cut to at most `maxChars` (mark included), marked when anything was left out. */
export function truncateText(text: string, maxChars: number, complete = true): string {
  if (complete && text.length <= maxChars) return text;
  let end = Math.min(text.length, maxChars - TRUNCATION_MARK.length);
  // Never keep half of a surrogate pair: it would not be valid UTF-16 (nor encodable as UTF-8).
  if (end > 0 && isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;
  return text.slice(0, end) + TRUNCATION_MARK;
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
