import type { Trigger } from '@epoch/shared';
import { describe, expect, it } from 'vitest';
import { TriggerCache } from './trigger-cache.js';

const cron = (timeSpec: string, timeZone = 'UTC'): Trigger => ({ type: 'CRON', timeSpec, timeZone });

describe('TriggerCache', () => {
  it('shares one compiled trigger per expression and zone, and drops it with its last user', () => {
    const cache = new TriggerCache();
    const a = cache.acquire(cron('0 * * * * ?'));
    expect(cache.acquire(cron('0 * * * * ?'))).toBe(a);
    expect(cache.acquire(cron('0 * * * * ?', 'Europe/London'))).not.toBe(a);
    expect(cache.acquire({ type: 'AT', time: 5 }).nextAfter(0)).toBe(5);
    expect(cache.size).toBe(3);

    cache.release(cron('0 * * * * ?'));
    expect(cache.size).toBe(3);
    cache.release(cron('0 * * * * ?'));
    expect(cache.size).toBe(2);
    expect(cache.acquire(cron('0 * * * * ?'))).not.toBe(a);
  });

  it('caches nothing for a trigger that does not compile', () => {
    const cache = new TriggerCache();
    expect(() => cache.acquire(cron('not a cron'))).toThrow();
    expect(cache.size).toBe(0);
  });
});
