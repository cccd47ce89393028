import { describe, expect, it } from 'vitest';
import { claimValues, displayName, roleFromClaims, type RoleMapping } from './role-mapping.js';

const mapping = (readOnlyValues: string[] = []): RoleMapping => ({
  claim: 'groups',
  readWriteValues: ['epoch-admins'],
  readOnlyValues,
});

describe('roleFromClaims', () => {
  it('grants READ_WRITE to a member of a read-write group, whatever else they are in', () => {
    expect(roleFromClaims({ groups: ['viewers', 'epoch-admins'] }, mapping(['viewers']))).toBe('READ_WRITE');
  });

  it('lets anyone else read when no read-only values are configured', () => {
    expect(roleFromClaims({ groups: ['other'] }, mapping())).toBe('READ_ONLY');
    expect(roleFromClaims({}, mapping())).toBe('READ_ONLY');
  });

  it('grants nothing to a user outside the configured read-only values', () => {
    expect(roleFromClaims({ groups: ['viewers'] }, mapping(['viewers']))).toBe('READ_ONLY');
    expect(roleFromClaims({ groups: ['other'] }, mapping(['viewers']))).toBeNull();
    expect(roleFromClaims({}, mapping(['viewers']))).toBeNull();
  });
});

describe('claimValues', () => {
  it('reads nested claims, arrays and space-separated strings', () => {
    const claims = { realm_access: { roles: ['a', 1, 'b'] }, scope: 'openid epoch:write', n: 3 };
    expect(claimValues(claims, 'realm_access.roles')).toEqual(['a', 'b']);
    expect(claimValues(claims, 'scope')).toEqual(['openid', 'epoch:write']);
    expect(claimValues(claims, 'n')).toEqual([]);
    expect(claimValues(claims, 'realm_access.roles.x')).toEqual([]);
    expect(claimValues(claims, 'missing.deeper')).toEqual([]);
  });
});

describe('displayName', () => {
  it('prefers the username, then email, name, client id and subject', () => {
    expect(displayName({ sub: 's', email: 'e@x', preferred_username: 'pat' })).toBe('pat');
    expect(displayName({ sub: 's', email: 'e@x' })).toBe('e@x');
    expect(displayName({ sub: 's' })).toBe('s');
    expect(displayName({})).toBe('unknown');
  });
});
