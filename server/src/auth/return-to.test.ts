import { describe, expect, it } from 'vitest';
import { safeReturnTo } from './return-to.js';

describe('safeReturnTo', () => {
  it('keeps paths inside Epoch', () => {
    expect(safeReturnTo('/topologies/a?x=1')).toBe('/topologies/a?x=1');
    expect(safeReturnTo('/')).toBe('/');
  });

  it('refuses other sites, protocol-relative and odd values', () => {
    for (const value of [
      'https://evil.example',
      '//evil.example',
      '/\\evil.example',
      'x',
      '',
      3,
      undefined,
    ]) {
      expect(safeReturnTo(value)).toBe('/');
    }
    expect(safeReturnTo(`/${'a'.repeat(3000)}`)).toBe('/');
  });
});
