import { describe, expect, it } from 'vitest';
import { safeReturnTo } from './return-to.js';

describe('safeReturnTo', () => {
  it('keeps a path on this site, with its query and fragment', () => {
    expect(safeReturnTo('/')).toBe('/');
    expect(safeReturnTo('/topologies/nightly')).toBe('/topologies/nightly');
    expect(safeReturnTo('/?q=backup&state=PAUSED#top')).toBe('/?q=backup&state=PAUSED#top');
  });

  it('falls back to / when there is nothing', () => {
    expect(safeReturnTo(null)).toBe('/');
    expect(safeReturnTo(undefined)).toBe('/');
    expect(safeReturnTo('')).toBe('/');
    expect(safeReturnTo(['/a', '/b'])).toBe('/');
    expect(safeReturnTo(`/${'a'.repeat(3000)}`)).toBe('/');
  });

  it.each([
    'https://evil.example/',
    'javascript:alert(1)',
    '//evil.example',
    '/\\evil.example',
    '/\t/evil.example',
    '/\n/evil.example',
    'topologies',
    ' /topologies',
  ])('refuses %j, which could leave the site', (value) => {
    expect(safeReturnTo(value)).toBe('/');
  });

  it('refuses the login page, so signing in cannot loop back to it', () => {
    expect(safeReturnTo('/login')).toBe('/');
    expect(safeReturnTo('/login/?returnTo=/x')).toBe('/');
    expect(safeReturnTo('/login-help')).toBe('/login-help');
  });
});
