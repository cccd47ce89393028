import { describe, expect, it } from 'vitest';
import { markSegments } from './mark-segments.js';

const RED = { color: 'rgb(205, 49, 49)' };

describe('markSegments', () => {
  it('leaves a line without matches as it is', () => {
    expect(markSegments([{ text: 'abc' }], [])).toEqual([{ text: 'abc' }]);
  });

  it('marks matches, the current one apart, keeping each piece its colour', () => {
    const current = { line: 0, start: 9, end: 11 };
    const pieces = markSegments(
      [{ text: 'an ' }, { text: 'error', style: RED }, { text: ' er' }],
      [{ line: 0, start: 3, end: 5 }, current],
      current,
    );
    expect(pieces).toEqual([
      { text: 'an ' },
      { text: 'er', style: RED, mark: 'match' },
      { text: 'ror', style: RED },
      { text: ' ' },
      { text: 'er', mark: 'current' },
    ]);
  });

  it('marks a match that spans segments in each of them', () => {
    expect(
      markSegments([{ text: 'ER', style: RED }, { text: 'ROR!' }], [{ line: 0, start: 0, end: 5 }]),
    ).toEqual([{ text: 'ER', style: RED, mark: 'match' }, { text: 'ROR', mark: 'match' }, { text: '!' }]);
  });
});
