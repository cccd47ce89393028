import { describe, expect, it } from 'vitest';
import { describeCron, describeTrigger } from './describe-trigger.js';

describe('describeCron (Quartz expressions in words)', () => {
  it.each([
    ['0 0/5 * * * ?', 'every 5 minutes'],
    ['0 30 2 * * ?', 'at 02:30'],
    ['*/10 * * * * ?', 'every 10 seconds'],
    // Quartz counts days of the week from 1 = Sunday.
    ['0 0 9 ? * 2', 'at 09:00, only on Monday'],
    ['0 0 12 L * ?', 'at 12:00, on the last day of the month'],
  ])('%s → %s', (expression, words) => {
    expect(describeCron(expression)).toBe(words);
  });

  it('gives the expression itself when it cannot read it', () => {
    expect(describeCron('not a cron')).toBe('cron not a cron');
  });

  it('names the time zone of a cron trigger', () => {
    expect(describeTrigger({ type: 'CRON', timeSpec: '0 0/5 * * * ?', timeZone: 'Europe/London' })).toBe(
      'every 5 minutes, Europe/London',
    );
  });
});
