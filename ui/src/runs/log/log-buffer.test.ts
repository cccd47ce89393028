import { describe, expect, it } from 'vitest';
import { LogBuffer } from './log-buffer.js';

const texts = (buffer: LogBuffer) => buffer.lines.map((line) => line.text);

describe('LogBuffer', () => {
  it('shows a line still being printed, and reads it whole once its end arrives', () => {
    const buffer = new LogBuffer();
    buffer.append('one\ntw');
    expect(texts(buffer)).toEqual(['one', 'tw']);
    buffer.append('o\nthr');
    expect(texts(buffer)).toEqual(['one', 'two', 'thr']);
    buffer.end();
    expect(texts(buffer)).toEqual(['one', 'two', 'thr']);
    expect(buffer.rawText()).toBe('one\ntwo\nthr');
  });

  it('keeps a colour whose code and text arrive in different chunks', () => {
    const buffer = new LogBuffer();
    buffer.append('\x1b[3');
    buffer.append('1mred\n');
    expect(buffer.lines[0]?.segments).toEqual([{ text: 'red', style: { color: 'rgb(205, 49, 49)' } }]);
  });

  it('gives the raw log, escape codes included, to download and the text as shown to copy', () => {
    const buffer = new LogBuffer();
    buffer.append('\x1b[31mred\x1b[0m\nplain\n');
    expect(buffer.rawText()).toBe('\x1b[31mred\x1b[0m\nplain\n');
    expect(buffer.plainText()).toBe('red\nplain');
  });

  it('drops the oldest lines past its limit of lines, and says so', () => {
    const buffer = new LogBuffer(2);
    buffer.append('a\nb\n');
    expect(buffer.truncated).toBe(false);
    buffer.append('c');
    expect(texts(buffer)).toEqual(['b', 'c']);
    expect(buffer.truncated).toBe(true);
    buffer.end();
    expect(texts(buffer)).toEqual(['b', 'c']);
  });

  it('drops the oldest whole lines past its limit of characters, and says so', () => {
    const buffer = new LogBuffer(100, 10);
    buffer.append('aaaa\nbbbb\n');
    expect(buffer.truncated).toBe(false);
    buffer.append('cccc\n');
    expect(texts(buffer)).toEqual(['bbbb', 'cccc']);
    expect(buffer.truncated).toBe(true);
    buffer.append('0123456789abcdef');
    expect(texts(buffer)).toEqual(['6789abcdef']);
  });

  it('gives a new array of lines on each change, and keeps the lines it had', () => {
    const buffer = new LogBuffer();
    buffer.append('a\n');
    const before = buffer.lines;
    buffer.append('b\n');
    expect(buffer.lines).not.toBe(before);
    expect(buffer.lines[0]).toBe(before[0]);
  });
});
