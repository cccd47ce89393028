import { Button } from '@mantine/core';
import { IconArrowDown } from '@tabler/icons-react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import type { LogLine } from './ansi-lines.js';
import type { LogMatch } from './find-matches.js';
import { LogLineRow } from './log-line-row.js';
import classes from './log-lines-view.module.css';

/** Each line's height in pixels, as log-lines-view.module.css sets it. */
const LINE_HEIGHT = 18;
/** Within this many pixels of the end counts as "at the bottom", where new output keeps the view scrolled. */
const BOTTOM_SLACK = 24;
const PADDING = 8;

export interface LogLinesViewProps {
  lines: readonly LogLine[];
  label: string;
  /** Search matches, by line. */
  matches: ReadonlyMap<number, LogMatch[]>;
  /** The match the search is at. */
  current?: LogMatch;
  /** Changes when the search moves (a new query, next, previous): the view then scrolls to `current`. */
  seek: string;
  /** The log is read as it is printed: new lines keep the view at the end, unless the user scrolled up. */
  follow: boolean;
  /** Shown instead of the lines while there are none. */
  placeholder?: ReactNode;
}

/**
 * The log's lines in a scrolling box that holds only the lines in view (with @tanstack/react-virtual), so a
 * log of 100,000 lines scrolls as easily as one of ten.
 */
export function LogLinesView({
  lines,
  label,
  matches,
  current,
  seek,
  follow,
  placeholder,
}: LogLinesViewProps) {
  const viewport = useRef<HTMLDivElement>(null);
  const stickToBottom = useRef(true);
  const [atBottom, setAtBottom] = useState(true);
  const virtualizer = useVirtualizer({
    count: lines.length,
    getScrollElement: () => viewport.current,
    estimateSize: () => LINE_HEIGHT,
    overscan: 20,
    paddingStart: PADDING,
    paddingEnd: PADDING,
  });

  // New lines keep the view at the end if it was there. Where it is comes from the scroll position against the
  // height before these lines, not only from the last scroll event: a scroll up made in the same frame as new
  // lines arrive is not reported yet, and must not be undone.
  const heightBefore = useRef(0);
  useLayoutEffect(() => {
    const element = viewport.current;
    if (!element) return;
    const wasAtEnd = heightBefore.current - element.scrollTop - element.clientHeight <= BOTTOM_SLACK;
    if (stickToBottom.current && wasAtEnd) element.scrollTop = element.scrollHeight;
    heightBefore.current = element.scrollHeight;
  }, [lines]);

  // Only when the search moves, not whenever new lines bring new matches: the user may have scrolled since.
  // A search that has no match yet moves once one is printed.
  const soughtFor = useRef(seek);
  // The list scrolls only up and down: a match far along a long line is then brought into view sideways,
  // as soon as its line is drawn (at once, or once the list has rendered the lines at the new position).
  const revealPending = useRef(false);
  const reveal = () => {
    const mark = viewport.current?.querySelector('mark[data-current]');
    mark?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    return Boolean(mark);
  };
  useEffect(() => {
    if (!current || soughtFor.current === seek) return;
    soughtFor.current = seek;
    stickToBottom.current = false;
    virtualizer.scrollToIndex(current.line, { align: 'center' });
    revealPending.current = !reveal();
  }, [seek, current, virtualizer]);
  useLayoutEffect(() => {
    if (revealPending.current && reveal()) revealPending.current = false;
  });

  const onScroll = () => {
    const element = viewport.current;
    if (!element) return;
    const bottom = element.scrollHeight - element.scrollTop - element.clientHeight <= BOTTOM_SLACK;
    stickToBottom.current = bottom;
    setAtBottom(bottom);
  };

  const scrollToEnd = () => {
    const element = viewport.current;
    if (!element) return;
    stickToBottom.current = true;
    element.scrollTop = element.scrollHeight;
  };

  return (
    <div className={classes.jumpAnchor}>
      <div
        ref={viewport}
        className={classes.viewport}
        role="log"
        aria-label={label}
        tabIndex={0}
        onScroll={onScroll}
      >
        {lines.length === 0 && placeholder ? (
          <div className={classes.placeholder}>{placeholder}</div>
        ) : (
          <div className={classes.lines} style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((item) => (
              <div
                key={item.key}
                className={classes.line}
                data-line={item.index + 1}
                style={{ transform: `translateY(${item.start}px)` }}
              >
                <LogLineRow
                  line={lines[item.index]!}
                  matches={matches.get(item.index)}
                  current={current?.line === item.index ? current : undefined}
                />
              </div>
            ))}
          </div>
        )}
      </div>
      {!atBottom && lines.length > 0 && (
        <Button
          className={classes.jump}
          size="compact-xs"
          variant="filled"
          onClick={scrollToEnd}
          leftSection={<IconArrowDown size={12} />}
        >
          {follow ? 'Follow' : 'Jump to end'}
        </Button>
      )}
    </div>
  );
}
