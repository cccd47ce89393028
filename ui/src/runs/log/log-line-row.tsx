import { memo } from 'react';
import type { LogLine } from './ansi-lines.js';
import type { LogMatch } from './find-matches.js';
import { markSegments } from './mark-segments.js';
import classes from './log-lines-view.module.css';

export interface LogLineRowProps {
  line: LogLine;
  /** The line's search matches, if any. */
  matches?: readonly LogMatch[];
  /** The match the search is at, when it is on this line. */
  current?: LogMatch;
}

/**
 * One line's text, in its colours, search matches marked (in the marks' own colours, to stand out). Colours
 * are React style properties, set through the CSSOM and so allowed by a CSP without 'unsafe-inline'; the
 * text is text, never HTML.
 */
export const LogLineRow = memo(function LogLineRow({ line, matches, current }: LogLineRowProps) {
  if (line.segments.length === 0) return null;
  return markSegments(line.segments, matches ?? [], current).map(({ text, style, mark }, index) =>
    mark ? (
      <mark
        key={index}
        className={mark === 'current' ? classes.current : classes.match}
        data-current={mark === 'current' || undefined}
      >
        {text}
      </mark>
    ) : style ? (
      <span key={index} style={style}>
        {text}
      </span>
    ) : (
      text
    ),
  );
});
