// A real OpenID Provider (oidc-provider) in the test process: discovery, authorization code + PKCE
// with its development login and consent pages, client credentials, JWT and opaque access tokens,
// introspection, userinfo and RP-initiated logout. Its signing key is the test's, so tests can also
// forge tokens it would issue (expired, for another audience) and ones signed by someone else.
import { createHash, randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import Provider from 'oidc-provider';

export const EPOCH_CLIENT = { id: 'epoch', secret: 'epoch-client-secret-for-tests' };
/** Machine clients (client credentials), each standing for a service account in one group. */
export const ROBOTS = {
  writer: { id: 'robot-writer', secret: 'robot-writer-secret', groups: ['epoch-admins'] },
  reader: { id: 'robot-reader', secret: 'robot-reader-secret', groups: ['viewers'] },
  stranger: { id: 'robot-stranger', secret: 'robot-stranger-secret', groups: ['other'] },
};
/** People who can log in on the provider's page (any password): their groups decide their role. */
export const PEOPLE: Record<string, { name: string; groups: string[] }> = {
  alice: { name: 'Alice Admin', groups: ['epoch-admins'] },
  bob: { name: 'Bob Viewer', groups: ['viewers'] },
  mallory: { name: 'Mallory Outsider', groups: ['other'] },
};
/** Epoch's audience; tokens for JWT_RESOURCE are JWTs, for OPAQUE_RESOURCE opaque. */
export const AUDIENCE = EPOCH_CLIENT.id;
export const JWT_RESOURCE = 'urn:epoch:jwt';
export const OPAQUE_RESOURCE = 'urn:epoch:opaque';

export interface OidcTestProvider {
  issuer: string;
  /** A client-credentials access token (a JWT or an opaque one) for a robot. */
  robotToken(robot: keyof typeof ROBOTS, format: 'jwt' | 'opaque'): Promise<string>;
  /**
   * A real ID token the provider issues to Epoch's client for a person, through the authorization code flow
   * (its development login and consent pages, driven without a browser).
   */
  idToken(person: keyof typeof PEOPLE, redirectUri: string): Promise<string>;
  /** A JWT signed with the provider's own key, with claims the test chooses (`iss` defaults to the provider). */
  signWithProviderKey(claims: Record<string, unknown>, expiresIn: string | number): Promise<string>;
  /** A JWT with the provider's key id but signed by another key. */
  signWithForeignKey(claims: Record<string, unknown>): Promise<string>;
  stop(): Promise<void>;
}

export async function startOidcTestProvider(port: number, epochUrls: string[]): Promise<OidcTestProvider> {
  const issuer = `http://localhost:${port}`;
  const kid = 'test-signing-key';
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const foreign = await generateKeyPair('RS256', { extractable: true });
  const signingJwk: JWK = { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' };

  const robotClient = (robot: (typeof ROBOTS)[keyof typeof ROBOTS]) => ({
    client_id: robot.id,
    client_secret: robot.secret,
    grant_types: ['client_credentials'],
    response_types: [],
    redirect_uris: [],
  });
  const groupsOfClient = new Map(Object.values(ROBOTS).map((robot) => [robot.id, robot.groups]));

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: EPOCH_CLIENT.id,
        client_secret: EPOCH_CLIENT.secret,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        redirect_uris: epochUrls.map((url) => `${url}/auth/callback`),
        post_logout_redirect_uris: epochUrls.map((url) => `${url}/login`),
      },
      ...Object.values(ROBOTS).map(robotClient),
    ],
    jwks: { keys: [signingJwk] },
    cookies: { keys: ['oidc-test-provider-cookie-key'] },
    claims: { openid: ['sub'], profile: ['name', 'preferred_username', 'groups'], email: ['email'] },
    findAccount: (_ctx, id) => ({
      accountId: id,
      claims: () => ({
        sub: id,
        preferred_username: id,
        name: PEOPLE[id]?.name ?? id,
        email: `${id}@example.com`,
        groups: PEOPLE[id]?.groups ?? [],
      }),
    }),
    features: {
      devInteractions: { enabled: true },
      clientCredentials: { enabled: true },
      introspection: { enabled: true },
      rpInitiatedLogout: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => undefined as unknown as string,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resource) => {
          if (resource !== JWT_RESOURCE && resource !== OPAQUE_RESOURCE)
            throw new Error(`unknown resource ${resource}`);
          return {
            scope: 'api',
            audience: AUDIENCE,
            accessTokenTTL: 300,
            accessTokenFormat: resource === JWT_RESOURCE ? 'jwt' : 'opaque',
            ...(resource === JWT_RESOURCE && { jwt: { sign: { alg: 'RS256' } } }),
          };
        },
      },
    },
    extraTokenClaims: (_ctx, token) => {
      const groups = 'clientId' in token && token.clientId ? groupsOfClient.get(token.clientId) : undefined;
      return groups ? { groups } : undefined;
    },
  });
  // Its development pages and warnings are fine here; keep its console quiet.
  provider.on('server_error', (_ctx, error) => console.error('oidc-provider:', error));
  const server: Server = await new Promise((resolve) => {
    const listening = provider.listen(port, '127.0.0.1', () => resolve(listening));
  });
  const actualPort = (server.address() as AddressInfo).port;
  if (actualPort !== port) throw new Error(`oidc test provider listens on ${actualPort}, not ${port}`);

  return {
    issuer,
    async robotToken(robot, format) {
      const { id, secret } = ROBOTS[robot];
      const response = await fetch(`${issuer}/token`, {
        method: 'POST',
        headers: {
          Authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`,
          'Content-Type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          scope: 'api',
          resource: format === 'jwt' ? JWT_RESOURCE : OPAQUE_RESOURCE,
        }),
      });
      const body = (await response.json()) as { access_token?: string; error?: string };
      if (!body.access_token) throw new Error(`token request failed: ${JSON.stringify(body)}`);
      return body.access_token;
    },
    idToken: (person, redirectUri) => idTokenThroughCodeFlow(issuer, person, redirectUri),
    signWithProviderKey: (claims, expiresIn) =>
      new SignJWT({ iss: issuer, ...claims })
        .setProtectedHeader({ alg: 'RS256', kid, typ: 'at+jwt' })
        .setIssuedAt()
        .setExpirationTime(expiresIn)
        .sign(privateKey),
    signWithForeignKey: (claims) =>
      new SignJWT({ iss: issuer, ...claims })
        .setProtectedHeader({ alg: 'RS256', kid, typ: 'at+jwt' })
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(foreign.privateKey),
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The authorization code flow as a browser would go through it, cookies and redirects followed by hand. */
async function idTokenThroughCodeFlow(issuer: string, person: string, redirectUri: string): Promise<string> {
  const cookies = new Map<string, string>();
  const send = async (url: string, form?: Record<string, string>): Promise<Response> => {
    const response = await fetch(new URL(url, issuer), {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        Cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; '),
        ...(form && { 'Content-Type': 'application/x-www-form-urlencoded' }),
      },
      body: form && new URLSearchParams(form),
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const equals = pair.indexOf('=');
      cookies.set(pair.slice(0, equals), pair.slice(equals + 1));
    }
    return response;
  };
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  let response = await send(
    `/auth?${new URLSearchParams({
      client_id: EPOCH_CLIENT.id,
      response_type: 'code',
      scope: 'openid profile',
      redirect_uri: redirectUri,
      code_challenge: challenge,
      code_challenge_method: 'S256',
      state: 'test',
    })}`,
  );
  // Redirects until the provider sends the browser back to Epoch; each interaction page is answered once.
  for (let step = 0; step < 10; step++) {
    const location = response.headers.get('location');
    if (!location)
      throw new Error(`authorization flow stopped: HTTP ${response.status} ${await response.text()}`);
    if (location.startsWith(redirectUri)) {
      const code = new URL(location).searchParams.get('code');
      if (!code) throw new Error(`no code in ${location}`);
      return exchangeCode(issuer, code, verifier, redirectUri);
    }
    response = await send(location);
    if (response.status === 200) {
      const page = await response.text();
      const prompt = /name="prompt" value="(\w+)"/.exec(page)?.[1];
      const action = /<form[^>]* action="([^"]+)"/.exec(page)?.[1];
      if (!prompt || !action) throw new Error(`unexpected provider page: ${page.slice(0, 200)}`);
      response = await send(
        action,
        prompt === 'login' ? { prompt, login: person, password: 'any' } : { prompt },
      );
    }
  }
  throw new Error('authorization flow did not return to Epoch');
}

async function exchangeCode(issuer: string, code: string, verifier: string, redirectUri: string) {
  const response = await fetch(`${issuer}/token`, {
    method: 'POST',
    headers: {
      Authorization: `Basic ${Buffer.from(`${EPOCH_CLIENT.id}:${EPOCH_CLIENT.secret}`).toString('base64')}`,
      'Content-Type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      code_verifier: verifier,
      redirect_uri: redirectUri,
    }),
  });
  const body = (await response.json()) as { id_token?: string };
  if (!body.id_token) throw new Error(`token exchange failed: ${JSON.stringify(body)}`);
  return body.id_token;
}
