const ACCESS_TOKEN_TYPES = new Set(['at+jwt', 'application/at+jwt']);

/**
 * Why a verified JWT is not an access token, or undefined when it is one. A provider's ID token is signed by
 * the same keys and, with the default audience (Epoch's client id), names Epoch as its audience, so without
 * this check anyone holding someone's ID token — which the provider hands to every relying party the person
 * logs in to, and which lands in browsers and logs — could call the API as them. An access token says so:
 * `typ: at+jwt` (RFC 9068), or `token_use: access` (Cognito), or it carries the scopes it grants (`scope`, or
 * `scp` as Azure AD and Okta write it), which OpenID Connect never puts in an ID token.
 */
export function notAnAccessToken(
  header: { typ?: unknown },
  claims: Record<string, unknown>,
): string | undefined {
  const idToken = 'an ID token, not an access token: send the access token the provider issued';
  if (typeof header.typ === 'string' && ACCESS_TOKEN_TYPES.has(header.typ.toLowerCase())) return undefined;
  if (claims.token_use !== undefined) return claims.token_use === 'access' ? undefined : idToken;
  // Keycloak names the kind in a `typ` claim: "Bearer" for access tokens, "ID" for ID tokens.
  if (typeof claims.typ === 'string' && claims.typ.toLowerCase() === 'id') return idToken;
  if (claims.scope !== undefined || claims.scp !== undefined) return undefined;
  return 'not an access token (no typ at+jwt, token_use or scope): an ID token is not accepted';
}
