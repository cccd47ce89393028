import type { LogLine } from './ansi-lines.js';

/** Where a search term occurs: a line, and a range of its shown text. */
export interface LogMatch {
  line: number;
  start: number;
  end: number;
}

/** Every occurrence of `query` in the lines' shown text, ignoring case, in reading order, none overlapping. */
export function findMatches(lines: readonly LogLine[], query: string): LogMatch[] {
  const matches: LogMatch[] = [];
  if (!query) return matches;
  // A case-blind expression rather than lower-cased copies: lowering the case may change a text's length
  // (İ becomes i̇), and so where its matches are.
  const pattern = new RegExp(query.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi');
  lines.forEach(({ text }, line) => {
    for (const found of text.matchAll(pattern)) {
      matches.push({ line, start: found.index, end: found.index + found[0].length });
    }
  });
  return matches;
}

/** The matches of each line, by line number, for rendering only the lines in view. */
export function matchesByLine(matches: readonly LogMatch[]): Map<number, LogMatch[]> {
  const byLine = new Map<number, LogMatch[]>();
  for (const match of matches) {
    const list = byLine.get(match.line);
    if (list) list.push(match);
    else byLine.set(match.line, [match]);
  }
  return byLine;
}
