import { randomBytes } from 'node:crypto';
import type { Config } from '../config/config-schema.js';
import type { ApiTokenEntry } from './api-tokens.js';
import type { BasicUser } from './basic-users.js';
import type { OidcSettings } from './oidc-client.js';
import type { SessionSettings } from './session.js';

export interface AuthSettings {
  disabled: boolean;
  users: BasicUser[];
  apiTokens: ApiTokenEntry[];
  oidc: OidcSettings | null;
  session: SessionSettings;
  /** Where the provider sends the browser after logout (`/login` under it). */
  uiUrl: string;
}

/** Epoch's documented development credentials, used by `npm start` unless passwords are set. */
export const DEV_CREDENTIALS = { admin: 'admin', guest: 'guest' } as const;

/** What the configuration asks for, plus the warnings an operator must see at start. */
export function authSettings(config: Config): { settings: AuthSettings; warnings: string[] } {
  const warnings: string[] = [];
  // Only while no password is set at all: an operator who set one (say ADMIN_PASSWORD) has left development,
  // and the other user's well-known password must not stay open beside it.
  const devPasswords = config.devCredentials && !config.adminPassword && !config.guestPassword;
  const adminPassword = config.adminPassword ?? (devPasswords ? DEV_CREDENTIALS.admin : undefined);
  const guestPassword = config.guestPassword ?? (devPasswords ? DEV_CREDENTIALS.guest : undefined);
  const users: BasicUser[] = [
    ...(adminPassword ? [{ username: 'admin', password: adminPassword, role: 'READ_WRITE' as const }] : []),
    ...(guestPassword ? [{ username: 'guest', password: guestPassword, role: 'READ_ONLY' as const }] : []),
  ];
  if (config.authDisabled) {
    warnings.push(
      'AUTHENTICATION IS DISABLED (EPOCH_AUTH_DISABLED): anyone who reaches Epoch may change anything',
    );
  } else if (devPasswords) {
    warnings.push(
      'DEVELOPMENT CREDENTIALS IN USE: admin/admin (read-write) and guest/guest (read-only). ' +
        'Set ADMIN_PASSWORD and GUEST_PASSWORD, or configure OIDC, before anyone else can reach this port.',
    );
  }
  if (!config.sessionSecret && !config.authDisabled) {
    warnings.push(
      'EPOCH_SESSION_SECRET is not set: UI sessions end when this node restarts and are not accepted by other nodes',
    );
  }
  const oidc: OidcSettings | null =
    config.oidcIssuer && config.oidcClientId
      ? {
          issuer: config.oidcIssuer,
          clientId: config.oidcClientId,
          clientSecret: config.oidcClientSecret,
          scopes: config.oidcScopes,
          redirectUrl: config.oidcRedirectUrl,
          audience: config.oidcAudience ?? config.oidcClientId,
          roles: {
            claim: config.oidcRoleClaim,
            readWriteValues: config.oidcReadWriteValues,
            readOnlyValues: config.oidcReadOnlyValues,
          },
        }
      : null;
  if (oidc && oidc.roles.readWriteValues.length === 0) {
    warnings.push(`EPOCH_OIDC_READ_WRITE_VALUES is empty: no SSO user can change anything`);
  }
  return {
    settings: {
      disabled: config.authDisabled,
      users,
      apiTokens: config.apiTokens,
      oidc,
      session: {
        secret: config.sessionSecret ?? randomBytes(32).toString('base64url'),
        ttlSeconds: Math.round(config.sessionTtlHours * 3600),
        secureCookie: config.uiUrl.startsWith('https:'),
      },
      uiUrl: config.uiUrl,
    },
    warnings,
  };
}

/** Nothing to check anyone against: each test node or tool that wants this says so. */
export const AUTH_DISABLED: AuthSettings = {
  disabled: true,
  users: [],
  apiTokens: [],
  oidc: null,
  session: { secret: randomBytes(32).toString('base64url'), ttlSeconds: 3600, secureCookie: false },
  uiUrl: 'http://localhost:8080',
};
