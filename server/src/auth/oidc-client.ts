import { ServiceUnavailableError } from '@epoch/shared';
import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';
import * as client from 'openid-client';
import type { Logger } from 'pino';
import type { RoleMapping } from './role-mapping.js';

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string | undefined;
  scopes: string;
  redirectUrl: string;
  /** Bearer tokens must name this audience. */
  audience: string;
  roles: RoleMapping;
}

/**
 * The identity provider as Epoch sees it. Discovery happens on first use and is retried on the
 * next one after a failure, so a provider that is down when Epoch starts does not keep it down.
 */
export class OidcClient {
  private discovered: Promise<client.Configuration> | null = null;
  private keySet: JWTVerifyGetKey | null = null;

  constructor(
    readonly settings: OidcSettings,
    private readonly logger: Logger,
  ) {}

  async configuration(): Promise<client.Configuration> {
    this.discovered ??= this.discover().catch((error: unknown) => {
      this.discovered = null;
      this.logger.warn({ err: error, issuer: this.settings.issuer }, 'OIDC discovery failed');
      throw new ServiceUnavailableError(`the identity provider ${this.settings.issuer} cannot be reached`, 5);
    });
    return this.discovered;
  }

  /** The provider's signing keys, fetched (and refreshed on an unknown key id) by jose. */
  async jwks(): Promise<JWTVerifyGetKey> {
    const uri = (await this.configuration()).serverMetadata().jwks_uri;
    if (!uri) throw new ServiceUnavailableError(`${this.settings.issuer} publishes no jwks_uri`);
    this.keySet ??= createRemoteJWKSet(new URL(uri));
    return this.keySet;
  }

  /** Where to send the browser to end the provider's session too; null when it has no such endpoint. */
  async endSessionUrl(idToken: string | undefined, postLogoutRedirectUri: string): Promise<string | null> {
    const configuration = await this.configuration();
    if (!configuration.serverMetadata().end_session_endpoint) return null;
    const parameters: Record<string, string> = { post_logout_redirect_uri: postLogoutRedirectUri };
    if (idToken) parameters.id_token_hint = idToken;
    return client.buildEndSessionUrl(configuration, parameters).href;
  }

  private async discover(): Promise<client.Configuration> {
    const issuer = new URL(this.settings.issuer);
    // Plain HTTP only for a provider on this machine (development, tests).
    const insecure = issuer.protocol === 'http:';
    const configuration = await client.discovery(
      issuer,
      this.settings.clientId,
      this.settings.clientSecret,
      undefined,
      insecure ? { execute: [client.allowInsecureRequests] } : undefined,
    );
    this.logger.info({ issuer: this.settings.issuer }, 'OIDC provider discovered');
    return configuration;
  }
}
