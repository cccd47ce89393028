// readLimitedBody and truncateText: bounded reads of a response stream, and the stored excerpt.
import { describe, expect, it } from 'vitest';
import {
  readLimitedBody,
  TRUNCATION_MARK,
  truncateText,
} from '../../src/execution/http/read-limited-body.js';

const encoder = new TextEncoder();

/** A stream of the given chunks that records whether it was cancelled (= the connection would be closed). */
function streamOf(chunks: Uint8Array[], { end = true } = {}) {
  const state = { cancelled: false, pulled: 0 };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[state.pulled++];
      if (chunk) controller.enqueue(chunk);
      else if (end) controller.close();
      // else: never ends, like a server that keeps the response open.
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { stream, state };
}

describe('readLimitedBody', () => {
  it('reads a body within the limit whole', async () => {
    const { stream, state } = streamOf([encoder.encode('hello, '), encoder.encode('wörld')]);
    expect(await readLimitedBody(stream, 1024)).toEqual({ text: 'hello, wörld', complete: true });
    expect(state.cancelled).toBe(false);
  });

  it('treats no body (204, HEAD) as empty', async () => {
    expect(await readLimitedBody(null, 1024)).toEqual({ text: '', complete: true });
  });

  it('stops at maxBytes and cancels the stream, even one that never ends', async () => {
    const { stream, state } = streamOf([encoder.encode('a'.repeat(6)), encoder.encode('b'.repeat(6))], {
      end: false,
    });
    expect(await readLimitedBody(stream, 8)).toEqual({ text: 'aaaaaabb', complete: false });
    expect(state.cancelled).toBe(true);
  });

  it('decodes a character split across chunks, and marks invalid bytes instead of failing', async () => {
    const snowman = encoder.encode('☃');
    const { stream } = streamOf([snowman.subarray(0, 1), snowman.subarray(1), new Uint8Array([0xff])]);
    expect(await readLimitedBody(stream, 1024)).toEqual({ text: '☃\uFFFD', complete: true });
  });
});

describe('truncateText', () => {
  it.each([
    { name: 'short and complete', text: 'abc', max: 20, complete: true, expected: 'abc' },
    { name: 'exactly the limit', text: 'x'.repeat(20), max: 20, complete: true, expected: 'x'.repeat(20) },
    {
      name: 'over the limit',
      text: 'x'.repeat(21),
      max: 20,
      complete: true,
      expected: `${'x'.repeat(8)}${TRUNCATION_MARK}`,
    },
    { name: 'short but cut off', text: 'abc', max: 20, complete: false, expected: `abc${TRUNCATION_MARK}` },
    // '😀' is two UTF-16 units; cutting between them would leave a lone surrogate.
    {
      name: 'no half emoji',
      text: `${'x'.repeat(7)}😀${'y'.repeat(20)}`,
      max: 20,
      complete: true,
      expected: `${'x'.repeat(7)}${TRUNCATION_MARK}`,
    },
  ])('$name', ({ text, max, complete, expected }) => {
    const result = truncateText(text, max, complete);
    expect(result).toBe(expected);
    expect(result.length).toBeLessThanOrEqual(max);
  });
});
