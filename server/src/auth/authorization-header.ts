/** An Authorization header split into its scheme (lower case) and credentials; empty strings when absent. */
export function parseAuthorization(header: string | undefined): { scheme: string; credentials: string } {
  const [scheme = '', credentials = ''] = (header ?? '').trim().split(/\s+/, 2);
  return { scheme: scheme.toLowerCase(), credentials };
}

/**
 * The username and password of Basic credentials (base64 of "user:password"). The username is what
 * precedes the first colon; with no colon the whole text is the username and the password is missing.
 */
export function basicCredentials(credentials: string): { username: string; password?: string } {
  const decoded = Buffer.from(credentials, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0
    ? { username: decoded }
    : { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
