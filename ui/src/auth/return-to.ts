import { safeReturnTo } from '@epoch/shared';

const LOGIN_PAGE = '/login';

/** The login page, coming back to `returnTo` afterwards. */
export const loginPath = (returnTo: string): string =>
  `${LOGIN_PAGE}?returnTo=${encodeURIComponent(safeReturnTo(returnTo))}`;

/** Where single sign-on starts: the server sends the browser to the identity provider and back. */
export const ssoLoginHref = (returnTo: string): string =>
  `/auth/login?returnTo=${encodeURIComponent(safeReturnTo(returnTo))}`;
