import Anser from 'anser';
import type { CSSProperties } from 'react';
import { cssColour } from './ansi-palette.js';

type AnserJsonEntry = Anser.AnserJsonEntry;

/** CSS properties a segment may set; React applies them through the CSSOM, which the CSP does not restrict. */
export type SegmentStyle = Pick<
  CSSProperties,
  'color' | 'backgroundColor' | 'fontWeight' | 'fontStyle' | 'textDecorationLine' | 'opacity' | 'visibility'
>;

/** A run of a line's text printed in one style. */
export interface LogSegment {
  text: string;
  style?: SegmentStyle;
}

/** One line of the log as printed (`raw`, escape codes and newline included) and as shown. */
export interface LogLine {
  raw: string;
  /** The text without escape codes: what search looks in and copy copies. */
  text: string;
  segments: LogSegment[];
}

// anser reads CSI sequences (ESC [ …) only: OSC sequences (window titles, hyperlinks: ESC ] … BEL or ESC \)
// and the other escapes (ESC, any intermediate bytes, a final byte: ESC ( B, ESC 7, ESC c) would otherwise
// reach the page as text.
// eslint-disable-next-line no-control-regex -- escape codes are control characters
const OTHER_ESCAPES = /\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[\x20-\x2f]*[\x30-\x5a\x5c\x5e-\x7e]/g;
// What is left of unknown sequences and other control characters (a carriage return, a bell): tabs stay.
// eslint-disable-next-line no-control-regex -- see above
const CONTROL_CHARACTERS = /[\x00-\x08\x0b-\x1f\x7f]/g;
// SGR 10, "primary font", changes nothing here. Put before each batch, it makes anser give the batch's first
// text the colours carried over from the last batch: anser styles only text that follows a CSI sequence.
const NO_OP_SGR = '\x1b[10m';

const DECORATIONS: Partial<Record<AnserJsonEntry['decorations'][number], SegmentStyle>> = {
  bold: { fontWeight: 'bold' },
  dim: { opacity: 0.7 },
  italic: { fontStyle: 'italic' },
  underline: { textDecorationLine: 'underline' },
  strikethrough: { textDecorationLine: 'line-through' },
  hidden: { visibility: 'hidden' },
};

function styleOf(entry: AnserJsonEntry): SegmentStyle | undefined {
  if (!entry.fg && !entry.bg && entry.decorations.length === 0) return undefined;
  const style: SegmentStyle = {};
  if (entry.fg) style.color = cssColour(entry.fg);
  if (entry.bg) style.backgroundColor = cssColour(entry.bg);
  for (const decoration of entry.decorations) Object.assign(style, DECORATIONS[decoration]);
  return style;
}

/**
 * Turns log text into lines of styled segments, with anser reading the SGR colour codes. Colours carry over
 * from one call to the next, as they do in a terminal, so a log is read batch by batch with one parser.
 */
export class AnsiLineParser {
  private readonly anser = new Anser();

  /** The lines of `text`, which holds whole lines: each ends with a newline, but the last may not. */
  lines(text: string): LogLine[] {
    return toLines(text, this.anser.ansiToJson(NO_OP_SGR + text.replace(OTHER_ESCAPES, '')));
  }

  /**
   * A line still being printed, read without changing the colours carried over: it is read again, whole,
   * once its end arrives.
   */
  static preview(text: string): LogLine {
    return toLines(text, new Anser().ansiToJson(text.replace(OTHER_ESCAPES, '')))[0] ?? emptyLine(text);
  }
}

const emptyLine = (raw: string): LogLine => ({ raw, text: '', segments: [] });

function toLines(raw: string, entries: AnserJsonEntry[]): LogLine[] {
  const rawLines = raw.split(/(?<=\n)/);
  const lines: LogLine[] = [emptyLine(rawLines[0] ?? '')];
  for (const entry of entries) {
    const style = styleOf(entry);
    const parts = entry.content.split('\n');
    parts.forEach((part, index) => {
      if (index > 0) lines.push(emptyLine(rawLines[lines.length] ?? ''));
      const text = part.replace(CONTROL_CHARACTERS, '');
      if (!text) return;
      const line = lines[lines.length - 1]!;
      line.text += text;
      line.segments.push(style ? { text, style } : { text });
    });
  }
  // A final newline ends the last line rather than starting another.
  if (raw.endsWith('\n')) lines.pop();
  return lines;
}
