import { describe, expect, it } from 'vitest';
import { AnsiLineParser } from './ansi-lines.js';

const RED = { color: 'rgb(205, 49, 49)' };

describe('AnsiLineParser', () => {
  it('splits text into lines, keeping the raw text and reading SGR colours into styled segments', () => {
    const lines = new AnsiLineParser().lines('plain\n\x1b[31mred\x1b[0m and \x1b[1;32mbold green\x1b[m\n');
    expect(lines).toEqual([
      { raw: 'plain\n', text: 'plain', segments: [{ text: 'plain' }] },
      {
        raw: '\x1b[31mred\x1b[0m and \x1b[1;32mbold green\x1b[m\n',
        text: 'red and bold green',
        segments: [
          { text: 'red', style: RED },
          { text: ' and ' },
          { text: 'bold green', style: { color: 'rgb(13, 188, 121)', fontWeight: 'bold' } },
        ],
      },
    ]);
  });

  it('keeps empty lines and a last line without a newline', () => {
    const lines = new AnsiLineParser().lines('a\n\nb');
    expect(lines.map((line) => [line.raw, line.text])).toEqual([
      ['a\n', 'a'],
      ['\n', ''],
      ['b', 'b'],
    ]);
  });

  it('carries a colour over line ends and from one batch to the next, as a terminal does', () => {
    const parser = new AnsiLineParser();
    const first = parser.lines('\x1b[31mone\ntwo\n');
    const second = parser.lines('three\n\x1b[0mfour\n');
    expect([...first, ...second].map((line) => line.segments)).toEqual([
      [{ text: 'one', style: RED }],
      [{ text: 'two', style: RED }],
      [{ text: 'three', style: RED }],
      [{ text: 'four' }],
    ]);
  });

  it('reads 256-colour and true-colour codes, backgrounds and reverse video', () => {
    const [line] = new AnsiLineParser().lines(
      '\x1b[38;5;208ma\x1b[0m\x1b[38;2;1;2;3;48;2;4;5;6mb\x1b[0m\x1b[7;31mc\x1b[0m',
    );
    expect(line?.segments).toEqual([
      { text: 'a', style: { color: 'rgb(255, 135, 0)' } },
      { text: 'b', style: { color: 'rgb(1, 2, 3)', backgroundColor: 'rgb(4, 5, 6)' } },
      { text: 'c', style: { color: 'rgb(0, 0, 0)', backgroundColor: 'rgb(205, 49, 49)' } },
    ]);
  });

  it('shows the 16 standard colours in tones legible on a dark background, whichever code names them', () => {
    const [line] = new AnsiLineParser().lines('\x1b[34ma\x1b[38;5;4mb\x1b[94mc\x1b[38;2;0;0;255md');
    expect(line?.segments.map((segment) => segment.style?.color)).toEqual([
      'rgb(36, 114, 200)',
      'rgb(36, 114, 200)',
      'rgb(59, 142, 234)',
      'rgb(0, 0, 255)',
    ]);
  });

  it('strips other escape codes and control characters, so none reaches the page as text', () => {
    const raw =
      '\x1b]0;title\x07\x1b[2K\x1b[?25lA\x1b(B\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\ \x07bell\r\n';
    const [line] = new AnsiLineParser().lines(raw);
    expect(line?.text).toBe('Alink bell');
    expect(line?.raw).toBe(raw);
  });

  it('treats markup as text: segments are text for React to escape, never HTML', () => {
    const [line] = new AnsiLineParser().lines('\x1b[31m<img src=x onerror=alert(1)>\x1b[0m');
    expect(line?.segments).toEqual([{ text: '<img src=x onerror=alert(1)>', style: RED }]);
  });

  it('previews a line still being printed without changing the colours carried over', () => {
    const parser = new AnsiLineParser();
    parser.lines('\x1b[31mred\n');
    expect(AnsiLineParser.preview('\x1b[32mgre').segments).toEqual([
      { text: 'gre', style: { color: 'rgb(13, 188, 121)' } },
    ]);
    expect(parser.lines('still red\n')[0]?.segments).toEqual([{ text: 'still red', style: RED }]);
  });
});
