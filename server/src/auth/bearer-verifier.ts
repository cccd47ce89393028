import { UnauthorizedError, type CurrentUser } from '@epoch/shared';
import { errors as joseErrors, jwtVerify } from 'jose';
import * as client from 'openid-client';
import { notAnAccessToken } from './access-token-kind.js';
import type { OidcClient } from './oidc-client.js';
import { displayName, roleFromClaims } from './role-mapping.js';

const looksLikeJwt = (token: string) => /^[\w-]+\.[\w-]+\.[\w-]+$/.test(token);

/**
 * Access tokens from the identity provider: a JWT is verified locally against the provider's keys
 * (signature, issuer, audience, expiry, and that it is an access token, not an ID token); anything else is asked about at its introspection endpoint.
 */
export class BearerVerifier {
  constructor(private readonly oidc: OidcClient) {}

  async verify(token: string): Promise<CurrentUser> {
    const claims = looksLikeJwt(token) ? await this.verifyJwt(token) : await this.introspect(token);
    const role = roleFromClaims(claims, this.oidc.settings.roles);
    if (!role) throw new UnauthorizedError('bearer token: its claims grant no Epoch role');
    return { name: displayName(claims), role, authenticatedBy: 'BEARER' };
  }

  private async verifyJwt(token: string): Promise<Record<string, unknown>> {
    const { settings } = this.oidc;
    const configuration = await this.oidc.configuration();
    try {
      const { payload, protectedHeader } = await jwtVerify(token, await this.oidc.jwks(), {
        issuer: configuration.serverMetadata().issuer,
        audience: settings.audience,
        requiredClaims: ['exp'],
      });
      const refusal = notAnAccessToken(protectedHeader, payload);
      if (refusal) throw new UnauthorizedError(`bearer token: ${refusal}`);
      return payload;
    } catch (error) {
      if (error instanceof joseErrors.JOSEError)
        throw new UnauthorizedError(`bearer token: ${reason(error)}`);
      throw error;
    }
  }

  private async introspect(token: string): Promise<Record<string, unknown>> {
    const configuration = await this.oidc.configuration();
    if (!configuration.serverMetadata().introspection_endpoint) {
      throw new UnauthorizedError('bearer token: not a JWT, and the provider offers no introspection');
    }
    const answer = await client.tokenIntrospection(configuration, token);
    if (!answer.active) throw new UnauthorizedError('bearer token: not active (expired, revoked or unknown)');
    const audiences = [answer.aud ?? []].flat();
    if (audiences.length > 0 && !audiences.includes(this.oidc.settings.audience)) {
      throw new UnauthorizedError('bearer token: issued for another audience');
    }
    return answer;
  }
}

function reason(error: InstanceType<typeof joseErrors.JOSEError>): string {
  if (error instanceof joseErrors.JWTExpired) return 'expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `claim "${error.claim}" ${error.reason}`;
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'signature does not verify';
  if (error instanceof joseErrors.JWKSNoMatchingKey) return 'signed with a key the provider does not publish';
  return 'invalid';
}
