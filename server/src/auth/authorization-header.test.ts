import { describe, expect, it } from 'vitest';
import { basicCredentials, parseAuthorization } from './authorization-header.js';

const base64 = (text: string) => Buffer.from(text).toString('base64');

describe('parseAuthorization', () => {
  it('splits the scheme, in lower case, from the credentials', () => {
    expect(parseAuthorization('  BEARER  abc.def ')).toEqual({ scheme: 'bearer', credentials: 'abc.def' });
    expect(parseAuthorization('Basic')).toEqual({ scheme: 'basic', credentials: '' });
    expect(parseAuthorization(undefined)).toEqual({ scheme: '', credentials: '' });
  });
});

describe('basicCredentials', () => {
  it('splits at the first colon, so passwords may hold colons', () => {
    expect(basicCredentials(base64('admin:pa:ss'))).toEqual({ username: 'admin', password: 'pa:ss' });
    expect(basicCredentials(base64('admin:'))).toEqual({ username: 'admin', password: '' });
  });

  it('has no password without a colon', () => {
    expect(basicCredentials(base64('admin'))).toEqual({ username: 'admin' });
  });
});
