import { describe, expect, it } from 'vitest';
import { AnsiLineParser } from './ansi-lines.js';
import { findMatches, matchesByLine } from './find-matches.js';

const lines = new AnsiLineParser().lines('Error one\nfine\n\x1b[31mERR\x1b[0mOR: two errors\n');

describe('findMatches', () => {
  it('finds every occurrence in the shown text, ignoring case and colours, in reading order', () => {
    expect(findMatches(lines, 'error')).toEqual([
      { line: 0, start: 0, end: 5 },
      { line: 2, start: 0, end: 5 },
      { line: 2, start: 11, end: 16 },
    ]);
  });

  it('finds nothing for an empty query, and takes a query as text, not a pattern', () => {
    expect(findMatches(lines, '')).toEqual([]);
    expect(findMatches(lines, '.*')).toEqual([]);
    expect(findMatches(new AnsiLineParser().lines('a (b) [c]\n'), '(b) [')).toEqual([
      { line: 0, start: 2, end: 7 },
    ]);
  });

  it('does not overlap matches', () => {
    expect(findMatches(new AnsiLineParser().lines('aaaa\n'), 'aa')).toHaveLength(2);
  });

  it('groups matches by line', () => {
    const byLine = matchesByLine(findMatches(lines, 'error'));
    expect([...byLine.keys()]).toEqual([0, 2]);
    expect(byLine.get(2)).toHaveLength(2);
  });
});
