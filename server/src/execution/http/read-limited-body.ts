/** What was read of a response body: its UTF-8 text, and whether that is all of it. */
export interface LimitedBody {
  text: string;
  complete: boolean;
}

export const TRUNCATION_MARK = '…[truncated]';

/**
 * Reads at most `maxBytes` of `body`, then stops iterating, which destroys the stream and closes the connection
 * instead of downloading (or waiting for) the rest: a huge or never-ending response cannot stall the attempt or
 * fill memory.
 */
export async function readLimitedBody(
  body: AsyncIterable<Uint8Array> | null,
  maxBytes: number,
): Promise<LimitedBody> {
  if (body === null) return { text: '', complete: true };
  // Not fatal: a body with invalid UTF-8 is still worth showing, with U+FFFD where bytes were bad.
  const decoder = new TextDecoder('utf-8');
  let text = '';
  let remaining = maxBytes;
  for await (const value of body) {
    const chunk = value.byteLength > remaining ? value.subarray(0, remaining) : value;
    remaining -= chunk.byteLength;
    text += decoder.decode(chunk, { stream: true });
    if (remaining <= 0) return { text: text + decoder.decode(), complete: false };
  }
  return { text: text + decoder.decode(), complete: true };
}

/** `text` cut to at most `maxChars` (mark included), marked when anything was left out. */
export function truncateText(text: string, maxChars: number, complete = true): string {
  if (complete && text.length <= maxChars) return text;
  let end = Math.min(text.length, maxChars - TRUNCATION_MARK.length);
  // Never keep half of a surrogate pair: it would not be valid UTF-16 (nor encodable as UTF-8).
  if (end > 0 && isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;
  return text.slice(0, end) + TRUNCATION_MARK;
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
