import type { LogSegment } from './ansi-lines.js';
import type { LogMatch } from './find-matches.js';

/** A piece of a line to render: a segment, or the part of one a search match covers. */
export interface MarkedPiece extends LogSegment {
  mark?: 'match' | 'current';
}

/**
 * Cuts a line's segments where its matches (in order, not overlapping) start and end, so a match that spans
 * colours is marked in each, and each piece keeps its colour.
 */
export function markSegments(
  segments: readonly LogSegment[],
  matches: readonly LogMatch[],
  current?: LogMatch,
): MarkedPiece[] {
  if (matches.length === 0) return [...segments];
  const pieces: MarkedPiece[] = [];
  let offset = 0;
  let next = 0;
  for (const segment of segments) {
    const segmentEnd = offset + segment.text.length;
    let at = offset;
    while (at < segmentEnd) {
      while (next < matches.length && matches[next]!.end <= at) next += 1;
      const match = matches[next];
      const inMatch = match !== undefined && match.start <= at;
      const until = Math.min(
        segmentEnd,
        match === undefined ? segmentEnd : inMatch ? match.end : match.start,
      );
      const piece: MarkedPiece = { ...segment, text: segment.text.slice(at - offset, until - offset) };
      if (inMatch) piece.mark = match === current ? 'current' : 'match';
      pieces.push(piece);
      at = until;
    }
    offset = segmentEnd;
  }
  return pieces;
}
