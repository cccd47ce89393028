import { describe, expect, it } from 'vitest';
import { notAnAccessToken } from './access-token-kind.js';

describe('notAnAccessToken', () => {
  it('accepts what says it is an access token', () => {
    expect(notAnAccessToken({ typ: 'at+jwt' }, {})).toBeUndefined();
    expect(notAnAccessToken({ typ: 'application/AT+JWT' }, {})).toBeUndefined();
    expect(notAnAccessToken({ typ: 'JWT' }, { token_use: 'access' })).toBeUndefined();
    expect(notAnAccessToken({ typ: 'JWT' }, { typ: 'Bearer', scope: 'openid epoch' })).toBeUndefined();
    expect(notAnAccessToken({}, { scp: 'epoch.read' })).toBeUndefined();
  });

  it('refuses ID tokens, whatever provider wrote them, naming why', () => {
    // oidc-provider's, as the test provider issues it: no typ, no scope.
    expect(notAnAccessToken({}, { sub: 'alice', aud: 'epoch' })).toMatch(/not an access token/);
    expect(notAnAccessToken({ typ: 'JWT' }, { token_use: 'id', scope: 'x' })).toMatch(/an ID token/);
    expect(notAnAccessToken({ typ: 'JWT' }, { typ: 'ID', azp: 'epoch' })).toMatch(/an ID token/);
    expect(notAnAccessToken({ typ: 'JWT' }, { nonce: 'n', at_hash: 'h' })).toMatch(/not an access token/);
  });
});
