const LOGIN_PAGE = '/login';

const hasControlCharacter = (value: string) => [...value].some((char) => char < ' ' || char === '\u007f');

/**
 * `value` if it is a path on this site, else `/`. Login links carry it in their query, so anything that
 * a browser could read as another host ("//evil.example", "/\evil.example", "https://…", or those hidden
 * behind tabs and newlines, which URL parsing drops) must not get through: that would be an open redirect.
 * The login page itself is refused too, so that signing in cannot land back on it.
 */
export function safeReturnTo(value: string | null | undefined): string {
  if (!value || !/^\/(?![/\\])/.test(value) || hasControlCharacter(value)) return '/';
  const pathname = value.split(/[?#]/, 1)[0];
  return pathname === LOGIN_PAGE || pathname === `${LOGIN_PAGE}/` ? '/' : value;
}

/** The login page, coming back to `returnTo` afterwards. */
export const loginPath = (returnTo: string): string =>
  `${LOGIN_PAGE}?returnTo=${encodeURIComponent(safeReturnTo(returnTo))}`;

/** Where single sign-on starts: the server sends the browser to the identity provider and back. */
export const ssoLoginHref = (returnTo: string): string =>
  `/auth/login?returnTo=${encodeURIComponent(safeReturnTo(returnTo))}`;
