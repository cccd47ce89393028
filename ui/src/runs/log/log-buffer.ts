import { AnsiLineParser, type LogLine } from './ansi-lines.js';

/**
 * Past this many lines, or characters, the oldest lines are dropped: the list shows any number of lines
 * smoothly, but each costs memory. A finished log is read with `tail` one line longer than this, so that a
 * longer one is known to be cut.
 */
export const MAX_LOG_LINES = 200_000;
export const MAX_LOG_CHARS = 5_000_000;

/**
 * A log read chunk by chunk: each chunk's whole lines are parsed once, as they arrive, so a long log
 * streaming in costs no more than reading it once. `lines` is a new array after each change, for React.
 */
export class LogBuffer {
  /** The whole lines read so far, then the line still being printed, if any. */
  lines: readonly LogLine[] = [];
  /** The start of the log was dropped (MAX_LOG_LINES, MAX_LOG_CHARS). */
  truncated = false;
  private readonly parser = new AnsiLineParser();
  private complete: LogLine[] = [];
  private partial = '';
  private chars = 0;

  constructor(
    private readonly maxLines = MAX_LOG_LINES,
    private readonly maxChars = MAX_LOG_CHARS,
  ) {}

  append(chunk: string): void {
    const text = this.partial + chunk;
    const end = text.lastIndexOf('\n') + 1;
    this.partial = text.slice(end);
    const added = end > 0 ? this.parser.lines(text.slice(0, end)) : [];
    this.complete = this.complete.concat(added);
    this.chars += chunk.length;
    this.dropOldest(this.partial ? 1 : 0);
    this.lines = this.partial ? [...this.complete, AnsiLineParser.preview(this.partial)] : this.complete;
  }

  /** The log ended: a last line without a newline is whole now. */
  end(): void {
    if (!this.partial) return;
    const last = this.partial;
    this.partial = '';
    this.complete = this.complete.concat(this.parser.lines(last));
    this.dropOldest(0);
    this.lines = this.complete;
  }

  /** The log as printed, escape codes included: for a download. */
  rawText(): string {
    return this.complete.map((line) => line.raw).join('') + this.partial;
  }

  /** The log as shown: for the clipboard. */
  plainText(): string {
    return this.lines.map((line) => line.text).join('\n');
  }

  private dropOldest(partialLines: number): void {
    const excessLines = this.complete.length + partialLines - this.maxLines;
    if (this.chars <= this.maxChars && excessLines <= 0) return;
    let drop = 0;
    while ((this.chars > this.maxChars || drop < excessLines) && drop < this.complete.length) {
      this.chars -= this.complete[drop]!.raw.length;
      drop += 1;
    }
    this.complete = this.complete.slice(drop);
    // A line longer than the limit on its own keeps only its end.
    if (this.chars > this.maxChars) {
      this.partial = this.partial.slice(this.chars - this.maxChars);
      this.chars = this.maxChars;
    }
    this.truncated = true;
  }
}
