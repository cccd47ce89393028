import { describe, expect, it } from 'vitest';
import { loginPath, ssoLoginHref } from './return-to.js';

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
