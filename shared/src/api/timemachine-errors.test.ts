import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TIMEMACHINE_ERRORS, timeMachineErrorCode, type TimeMachineErrorCode } from './timemachine-errors.js';

const README = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

describe('timeMachine error codes', () => {
  it('gives each status its own code, and the README lists every code with its status', () => {
    for (const [code, { status }] of Object.entries(TIMEMACHINE_ERRORS)) {
      expect(timeMachineErrorCode(status)).toBe(code);
      expect(README).toMatch(new RegExp(`\\| \`${code}\` \\| ${status} +\\|`));
    }
  });

  it('takes a status without a code of its own as bad input if 4xx, a server error otherwise', () => {
    const codes: [number, TimeMachineErrorCode][] = [
      [405, 'E001'],
      [415, 'E001'],
      [502, 'E009'],
    ];
    for (const [status, code] of codes) expect(timeMachineErrorCode(status), String(status)).toBe(code);
  });
});
