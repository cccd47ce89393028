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
 * streaming in costs no more than reading it once. A busy container sends many small chunks between two
 * renders, so the array React gets is made when read, not per chunk.
 */
export class LogBuffer {
  /** The start of the log was dropped (MAX_LOG_LINES, MAX_LOG_CHARS). */
  truncated = false;
  private readonly parser = new AnsiLineParser();
  private readonly complete: LogLine[] = [];
  private partial = '';
  private chars = 0;
  private shown: readonly LogLine[] | null = [];

  constructor(
    private readonly maxLines = MAX_LOG_LINES,
    private readonly maxChars = MAX_LOG_CHARS,
  ) {}

  /** The whole lines read so far, then the line still being printed, if any: a new array after each change. */
  get lines(): readonly LogLine[] {
    this.shown ??= this.partial
      ? [...this.complete, AnsiLineParser.preview(this.partial)]
      : [...this.complete];
    return this.shown;
  }

  append(chunk: string): void {
    const text = this.partial + chunk;
    const end = text.lastIndexOf('\n') + 1;
    this.partial = text.slice(end);
    if (end > 0) this.add(this.parser.lines(text.slice(0, end)));
    this.chars += chunk.length;
    this.dropOldest(this.partial ? 1 : 0);
    this.shown = null;
  }

  /** The log ended: a last line without a newline is whole now. */
  end(): void {
    if (!this.partial) return;
    const last = this.partial;
    this.partial = '';
    this.add(this.parser.lines(last));
    this.dropOldest(0);
    this.shown = null;
  }

  /** The log as printed, escape codes included: for a download. */
  rawText(): string {
    return this.complete.map((line) => line.raw).join('') + this.partial;
  }

  /** The log as shown: for the clipboard. */
  plainText(): string {
    return this.lines.map((line) => line.text).join('\n');
  }

  // One by one: spreading a chunk of 100,000 lines into push() would overflow the call stack.
  private add(lines: LogLine[]): void {
    for (const line of lines) this.complete.push(line);
  }

  private dropOldest(partialLines: number): void {
    const excessLines = this.complete.length + partialLines - this.maxLines;
    if (this.chars <= this.maxChars && excessLines <= 0) return;
    let drop = 0;
    while ((this.chars > this.maxChars || drop < excessLines) && drop < this.complete.length) {
      this.chars -= this.complete[drop]!.raw.length;
      drop += 1;
    }
    this.complete.splice(0, drop);
    // A line longer than the limit on its own keeps only its end.
    if (this.chars > this.maxChars) {
      this.partial = this.partial.slice(this.chars - this.maxChars);
      this.chars = this.maxChars;
    }
    this.truncated = true;
  }
}
