import { describe, expect, it } from 'vitest';
import { labelsSchema, matchesLabels, parseLabelSelector } from './label-schema.js';

describe('labels', () => {
  it.each([
    [{ team: 'payments' }],
    [{ 'example.com/tier': 'web', a: '' }],
    [{ ['k'.repeat(63)]: 'v'.repeat(63) }],
    [{ 'A.b_c-D': 'x.Y_z-1' }],
  ])('accepts %j', (labels) => {
    expect(labelsSchema.safeParse(labels).success).toBe(true);
  });

  it.each([
    [{ '': 'x' }, ''],
    [{ '-team': 'x' }, '-team'],
    [{ ['k'.repeat(64)]: 'x' }, 'k'.repeat(64)],
    [{ 'Example.com/team': 'x' }, 'Example.com/team'],
    [{ 'a/b/c': 'x' }, 'a/b/c'],
    [{ team: 'v'.repeat(64) }, 'team'],
    [{ team: 'a b' }, 'team'],
  ])('refuses %j, naming the key', (labels, key) => {
    const result = labelsSchema.safeParse(labels);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual([key]);
  });
});

describe('selectors', () => {
  it('parse equality and existence terms, all of which must hold', () => {
    const selector = parseLabelSelector('team=payments, tier');
    expect(selector).toEqual([{ key: 'team', value: 'payments' }, { key: 'tier' }]);
    if ('problem' in selector) return;
    expect(matchesLabels({ team: 'payments', tier: '' }, selector)).toBe(true);
    expect(matchesLabels({ team: 'payments' }, selector)).toBe(false);
    expect(matchesLabels(undefined, selector)).toBe(false);
    expect(matchesLabels(undefined, [])).toBe(true);
  });

  it.each(['', 'team=payments,', '=x', 'bad key=x', 'team=a/b'])('refuses %j', (text) => {
    expect(parseLabelSelector(text)).toHaveProperty('problem');
  });
});
