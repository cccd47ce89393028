// truncateText: the stored excerpt of a response body.
import { describe, expect, it } from 'vitest';
import { TRUNCATION_MARK, truncateText } from '../../src/runners/http/truncate-text.js';

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
