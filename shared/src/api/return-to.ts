const LOGIN_PAGE = '/login';
const MAX_LENGTH = 2048;

const hasControlCharacter = (value: string) => [...value].some((char) => char < ' ' || char === '\u007f');

/**
 * `value` if it is a path on this site, else `/`: where a login returns to, checked by the UI that
 * builds the link and by the server that redirects. Anything a browser could read as another host
 * ("//evil.example", "/\evil.example", "https://…", or those hidden behind tabs and newlines, which URL
 * parsing drops) must not get through: that would be an open redirect. The login page itself is
 * refused too, so that signing in cannot land back on it.
 */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== 'string' || value.length > MAX_LENGTH) return '/';
  if (!/^\/(?![/\\])/.test(value) || hasControlCharacter(value)) return '/';
  const pathname = value.split(/[?#]/, 1)[0];
  return pathname === LOGIN_PAGE || pathname === `${LOGIN_PAGE}/` ? '/' : value;
}
