import { describe, expect, it } from 'vitest';
import { completeUtf8Length } from '../../src/runners/container/runtime/docker/utf8-boundary.js';

const bytes = (text: string) => Buffer.from(text, 'utf8');

describe('completeUtf8Length', () => {
  it('keeps whole characters of every length', () => {
    for (const text of ['', 'plain', 'ü', 'naïve €', '✓', '😀', 'a😀b']) {
      expect(completeUtf8Length(bytes(text)), text).toBe(bytes(text).length);
    }
  });

  it('holds back the start of a character cut off at the end', () => {
    for (const character of ['ü', '€', '😀']) {
      const whole = bytes(`ab${character}`);
      for (let cut = 1; cut < bytes(character).length; cut++) {
        expect(completeUtf8Length(whole.subarray(0, 2 + cut)), `${character} cut after ${cut}`).toBe(2);
      }
    }
  });

  it('holds back no stray continuation bytes; an invalid lead byte waits like any other', () => {
    expect(completeUtf8Length(Buffer.from([0x61, 0x80, 0x80, 0x80]))).toBe(4);
    expect(completeUtf8Length(Buffer.from([0x61, 0xff]))).toBe(1);
  });
});
