import { describe, expect, it } from 'vitest';
import { loginPath, safeReturnTo, ssoLoginHref } from './return-to.js';

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

describe('login links', () => {
  it('carry the return path encoded', () => {
    expect(loginPath('/topologies/a b?x=1&y=2')).toBe(
      '/login?returnTo=%2Ftopologies%2Fa%20b%3Fx%3D1%26y%3D2',
    );
    expect(ssoLoginHref('/cluster')).toBe('/auth/login?returnTo=%2Fcluster');
  });

  it('drop a return path that could leave the site', () => {
    expect(loginPath('//evil.example')).toBe('/login?returnTo=%2F');
    expect(ssoLoginHref('https://evil.example')).toBe('/auth/login?returnTo=%2F');
  });
});
