import { useDeferredValue, useMemo, useState } from 'react';
import type { LogLine } from './ansi-lines.js';
import { findMatches, matchesByLine, type LogMatch } from './find-matches.js';

export interface LogSearchState {
  query: string;
  setQuery: (query: string) => void;
  /** How many matches, and which (from 0) the search is at. */
  count: number;
  index: number;
  current?: LogMatch;
  byLine: ReadonlyMap<number, LogMatch[]>;
  /** Moves to the next (1) or previous (-1) match, round the end. */
  step: (by: 1 | -1) => void;
  /** Changes each time the search moves (a new query's matches found, next, previous), to scroll to it. */
  seek: string;
}

/** A search of a log's lines: its query, its matches, and the one it is at. */
export function useLogSearch(lines: readonly LogLine[]): LogSearchState {
  const [query, setQueryNow] = useState('');
  // Typing stays quick in a long log: the matches follow a moment later.
  const searched = useDeferredValue(query);
  const [position, setPosition] = useState({ index: 0, moves: 0 });
  const matches = useMemo(() => findMatches(lines, searched), [lines, searched]);
  const byLine = useMemo(() => matchesByLine(matches), [matches]);
  // Lines dropped from the start of a long log may take matches with them.
  const index = Math.min(position.index, Math.max(matches.length - 1, 0));

  const setQuery = (next: string) => {
    setQueryNow(next);
    setPosition((current) => ({ index: 0, moves: current.moves + 1 }));
  };
  const step = (by: 1 | -1) => {
    if (matches.length === 0) return;
    setPosition((current) => ({
      index: (index + by + matches.length) % matches.length,
      moves: current.moves + 1,
    }));
  };

  return {
    query,
    setQuery,
    count: matches.length,
    index,
    current: matches[index],
    byLine,
    step,
    seek: `${searched}#${position.moves}`,
  };
}
