/** What was read of a response body: its UTF-8 text, and whether that is all of it. */
export interface LimitedBody {
  text: string;
  complete: boolean;
}

export const TRUNCATION_MARK = '…[truncated]';

/**
 * Reads at most `maxBytes` of `body`, then cancels the stream, which closes the connection instead of downloading
 * (or waiting for) the rest: a huge or never-ending response cannot stall the attempt or fill memory.
 */
export async function readLimitedBody(
  body: ReadableStream<Uint8Array> | null,
  maxBytes: number,
): Promise<LimitedBody> {
  if (body === null) return { text: '', complete: true };
  const reader = body.getReader();
  // Not fatal: a body with invalid UTF-8 is still worth showing, with U+FFFD where bytes were bad.
  const decoder = new TextDecoder('utf-8');
  let text = '';
  let remaining = maxBytes;
  while (remaining > 0) {
    const { done, value } = await reader.read();
    if (done) return { text: text + decoder.decode(), complete: true };
    const chunk = value.byteLength > remaining ? value.subarray(0, remaining) : value;
    remaining -= chunk.byteLength;
    text += decoder.decode(chunk, { stream: true });
  }
  // Cancelling may reject if the stream errors meanwhile; what was read is still the answer.
  await reader.cancel().catch(() => undefined);
  return { text: text + decoder.decode(), complete: false };
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
