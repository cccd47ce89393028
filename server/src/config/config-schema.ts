import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { hostname } from 'node:os';
import { CONTAINER_USER_REGEX, EMAIL_REGEX, ROLES, WEBHOOK_FORMATS } from '@epoch/shared';
import { z } from 'zod';
import { EgressPolicy } from '../egress/egress-policy.js';
import { parseEgressRule, parseEgressRules } from '../egress/egress-rules.js';
import { HARDENED_DEFAULTS } from '../runners/container/runtime/container-defaults.js';
import { LINUX_CAPABILITIES, type LinuxCapability } from '../runners/container/runtime/linux-capabilities.js';
import { parseSecretKey } from '../secrets/secret-crypto.js';
import { ZK_CREDENTIAL_FORMAT, ZK_CREDENTIAL_REGEX, ZkCredential } from '../zk/zk-credential.js';

/** An environment variable holding JSON; left as text when it is not, so the schema names the problem. */
function parseJsonOr(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** A boolean from a file (true) or the environment ("true", "1", "yes", …). */
const flag = () => z.union([z.boolean(), z.stringbool()]);

/** A list from a file (an array) or the environment (comma-separated). */
const list = () =>
  z
    .union([z.string(), z.array(z.string())])
    .transform((value) =>
      (Array.isArray(value) ? value : value.split(',')).map((item) => item.trim()).filter(Boolean),
    );

/** Egress rules (egress-rules.ts), each checked here so a bad one stops the server naming it. */
const egressRules = () =>
  list().superRefine((entries, ctx) => {
    for (const entry of entries) {
      const parsed = parseEgressRule(entry);
      if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.error });
    }
  });
/** Capability names as Docker writes them (`NET_BIND_SERVICE`), the `CAP_` prefix optional; never ALL. */
const capabilities = () =>
  list()
    .transform((names) => names.map((name) => name.toUpperCase().replace(/^CAP_/, '')))
    .pipe(
      z.array(
        z
          .string()
          .refine(
            (name): name is LinuxCapability => (LINUX_CAPABILITIES as readonly string[]).includes(name),
            'must be Linux capability names such as NET_BIND_SERVICE (see capabilities(7)); ALL is not one',
          ),
      ),
    );

const SECRET_KEY_MESSAGE = 'must be 32 bytes as 64 hex digits or base64, e.g. from: openssl rand -base64 32';

/** A secrets key (AES-256): 32 bytes, hex or base64, turned into its bytes here so a bad one stops the server. */
const secretKey = () =>
  z.string().transform((text, ctx) => {
    const key = parseSecretKey(text);
    if (key) return key;
    ctx.addIssue({ code: 'custom', message: SECRET_KEY_MESSAGE });
    return z.NEVER;
  });

/** Proxy addresses as express's `trust proxy` names them: an address, a CIDR, or loopback/linklocal/uniquelocal. */
const PROXY_KEYWORDS = new Set(['loopback', 'linklocal', 'uniquelocal']);
function isProxyAddress(entry: string): boolean {
  if (PROXY_KEYWORDS.has(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * Which peers' X-Forwarded-For is believed (express's `trust proxy`): false (none, the default), true (any —
 * only behind a proxy that overwrites the header), a number of hops, or the proxies' addresses.
 */
const trustProxy = () =>
  z.union([z.boolean(), z.number(), z.string()]).transform((value, ctx): boolean | number | string[] => {
    if (typeof value !== 'string') return value;
    const text = value.trim();
    if (/^(true|false)$/i.test(text)) return text.toLowerCase() === 'true';
    if (/^\d+$/.test(text)) return Number(text);
    const entries = text
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean);
    const bad = entries.filter((entry) => !isProxyAddress(entry));
    if (bad.length > 0 || entries.length === 0) {
      ctx.addIssue({
        code: 'custom',
        message: `must be true, false, a number of hops, or addresses/CIDRs/loopback (not ${bad.join(', ') || 'empty'})`,
      });
      return z.NEVER;
    }
    return entries;
  });

/** Static API tokens: only a SHA-256 of each is configured (`npm run api-token` makes one). */
const apiTokensSchema = z.preprocess(
  (value) => (typeof value === 'string' ? parseJsonOr(value) : value),
  z.array(
    z.object({
      name: z.string().regex(/^[\w.@-]{1,64}$/, 'letters, digits, ".", "@", "-" and "_", at most 64'),
      sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be the hex SHA-256 of the token'),
      role: z.enum(ROLES),
    }),
  ),
);

/**
 * A run costs ZooKeeper's heap about 1 KB (a container run) to 3.1 KB (an HTTP run keeping the largest
 * response body), measured by `npm run bench:zk-capacity`: 80,000 of the largest fill under half of the
 * smallest heap `npm start` gives its ZooKeeper (512 MiB), leaving the rest for topologies and sessions.
 */
export const DEFAULT_RUNS_MAX_TOTAL = 80_000;

/** Server configuration; every key may come from the config file or its environment variable. */
export const configSchema = z
  .object({
    port: z.coerce.number().int().min(0).max(65_535).default(8080),
    host: z
      .string()
      .refine((host) => isIP(host) !== 0, 'must be an IP address to listen on, such as 127.0.0.1 or ::')
      .optional()
      .meta({ description: 'The address to listen on; all addresses when unset (npm start: 127.0.0.1)' }),
    allowedHosts: list()
      .default([])
      .meta({ description: 'Host header names answered (any when empty); npm start: this machine only' }),
    trustProxy: trustProxy()
      .default(false)
      .meta({ description: "Whose X-Forwarded-For names the client (express's trust proxy)" }),
    zkConnectionString: z.string().min(1).default('127.0.0.1:2181'),
    zkRoot: z
      .string()
      .regex(/^\/[^/]+(\/[^/]+)*$/, 'must be an absolute ZooKeeper path such as /epoch')
      .default('/epoch'),
    zkSessionTimeoutMs: z.coerce.number().int().min(2_000).max(120_000).default(15_000),
    zkAuth: z.string().trim().regex(ZK_CREDENTIAL_REGEX, ZK_CREDENTIAL_FORMAT).optional().meta({
      description: 'The ZooKeeper digest credential every znode is protected by, the same on every node',
    }),
    zkAuthFile: z
      .string()
      .min(1)
      .optional()
      .meta({ description: 'A file holding the ZK_AUTH credential (npm start keeps one in .epoch/zk-auth)' }),
    clusterSecret: z.string().min(32, 'must be at least 32 characters').optional().meta({
      description: 'Signs requests a follower forwards to the leader; default: derived from ZK_AUTH',
    }),
    advertiseUrl: z.url().optional(),
    dockerHost: z.string().optional(),
    adminPassword: z.string().min(1).optional(),
    guestPassword: z.string().min(1).optional(),
    logLevel: z.enum(LOG_LEVELS).default('info'),
    uiDir: z.string().optional(),
    cluster: z
      .string()
      .regex(/^[a-zA-Z0-9_-]{1,64}$/, 'letters, digits, "-" and "_", at most 64')
      .default('epoch'),
    volumeAllowList: z
      .union([z.string(), z.array(z.string())])
      .transform((value) => (Array.isArray(value) ? value : value.split(',').filter(Boolean)))
      .pipe(z.array(z.string().regex(/^\//, 'must be absolute host directories')))
      .default([]),
    volumesTrustEnginePaths: flag()
      .default(false)
      .meta({ description: 'READ_WRITE volumes even where Epoch cannot resolve links in their host paths' }),
    containerCaps: capabilities()
      .default([])
      .meta({ description: 'Capabilities every task container gets back after all are dropped' }),
    containerPidsLimit: z.coerce.number().int().min(1).max(4_194_304).default(HARDENED_DEFAULTS.pidsLimit),
    defaultMemoryMb: z.coerce.number().int().min(4).max(1_048_576).default(HARDENED_DEFAULTS.memoryMb),
    containerUser: z
      .string()
      .regex(CONTAINER_USER_REGEX, 'must be a user such as "app", "1000" or "1000:1000"')
      .optional(),
    httpSigningSecret: z.string().min(16).optional(),
    secretsKey: secretKey().optional(),
    secretsPreviousKeys: list().pipe(z.array(secretKey())).default([]),
    egressAllow: egressRules()
      .default([])
      .meta({ description: 'Destinations opened for HTTP tasks and webhooks: CIDRs, hosts, host:port' }),
    egressDeny: egressRules()
      .default([])
      .meta({ description: 'Destinations closed on top of the default deny list' }),
    registryAuth: z
      .preprocess(
        (value) => (typeof value === 'string' ? parseJsonOr(value) : value),
        z.record(z.string().min(1), z.object({ username: z.string().min(1), password: z.string() })),
      )
      .default({})
      .meta({ description: '{"registry.example.com": {"username", "password"}}; Docker Hub is docker.io' }),
    runsKeep: z.coerce.number().int().min(1).max(100_000).default(100),
    // SKIPPED runs are kept apart, so skips never evict real runs; 0 keeps none (the counter still counts them).
    runsSkippedKeep: z.coerce.number().int().min(0).max(100_000).default(20),
    runsMaxTotal: z.coerce.number().int().min(100).max(100_000_000).default(DEFAULT_RUNS_MAX_TOTAL).meta({
      description: "Runs kept across all topologies, oldest finished removed first: ZooKeeper's heap bound",
    }),
    runsMaxAgeDays: z.coerce.number().min(0.01).max(3650).default(30),
    retentionIntervalSeconds: z.coerce.number().int().min(1).max(86_400).default(300),
    claimAheadMs: z.coerce
      .number()
      .int()
      .min(0)
      .max(60_000)
      .optional()
      .meta({ description: 'How long before its time a fire is claimed (its run created); 0: at its time' }),
    smtpHost: z.string().min(1).optional(),
    smtpPort: z.coerce.number().int().min(1).max(65_535).default(587),
    smtpSecure: flag().default(false).meta({ description: 'TLS from the start (port 465); else STARTTLS' }),
    smtpUser: z.string().min(1).optional(),
    smtpPassword: z.string().optional(),
    mailFrom: z.string().min(1).optional(),
    notifyEmails: z
      .union([z.string(), z.array(z.string())])
      .transform((value) =>
        (Array.isArray(value) ? value : value.split(',')).map((email) => email.trim()).filter(Boolean),
      )
      .pipe(z.array(z.string().regex(EMAIL_REGEX, 'must be email addresses')))
      .default([]),
    notifyWebhookUrl: z.url({ protocol: /^https?$/, error: 'must be an http or https URL' }).optional(),
    notifyWebhookFormat: z.enum(WEBHOOK_FORMATS).default('JSON'),
    notifyOnSuccess: flag().default(false),
    uiUrl: z.url().optional(),
    authDisabled: flag()
      .default(false)
      .meta({ description: 'Every caller is an anonymous READ_WRITE user (as Epoch without userAuth)' }),
    devCredentials: flag()
      .default(false)
      .meta({ description: 'npm start: admin/admin and guest/guest unless passwords are set' }),
    sessionSecret: z
      .string()
      .min(32, 'must be at least 32 characters')
      .optional()
      .meta({ description: 'Seals UI session cookies; the same on every node so any node accepts them' }),
    sessionTtlHours: z.coerce
      .number()
      .min(0.1)
      .max(24 * 30)
      .default(12),
    apiTokens: apiTokensSchema.default([]),
    metricsToken: z
      .string()
      .regex(/^[0-9a-f]{64}$/, 'must be the hex SHA-256 of the scrape token (printf %s "$TOKEN" | sha256sum)')
      .optional()
      .meta({ description: 'SHA-256 of a bearer token that may scrape /metrics' }),
    metricsPublic: flag()
      .default(false)
      .meta({ description: '/metrics answers anyone (it names every topology and its state)' }),
    oidcIssuer: z.url().optional(),
    oidcClientId: z.string().min(1).optional(),
    oidcClientSecret: z.string().min(1).optional(),
    oidcScopes: z.string().min(1).default('openid profile email'),
    oidcRedirectUrl: z.url().optional(),
    oidcAudience: z.string().min(1).optional(),
    oidcRoleClaim: z
      .string()
      .regex(/^[\w:/.-]+$/, 'a claim name, dotted for nested claims (realm_access.roles)')
      .default('groups'),
    oidcReadWriteValues: list().default([]),
    oidcReadOnlyValues: list().default([]),
  })
  .superRefine((config, ctx) => {
    if (config.zkAuth && config.zkAuthFile) {
      ctx.addIssue({
        code: 'custom',
        path: ['zkAuthFile'],
        message: 'set ZK_AUTH or ZK_AUTH_FILE, not both',
      });
    }
    if (!config.zkAuth && !config.zkAuthFile) {
      ctx.addIssue({
        code: 'custom',
        path: ['zkAuth'],
        message:
          'required: every znode is protected by a ZooKeeper digest credential; set ZK_AUTH=user:password ' +
          '(the same on every node) or ZK_AUTH_FILE=<a file holding it>',
      });
    }
    if (config.notifyEmails.length > 0 && !config.smtpHost) {
      ctx.addIssue({ code: 'custom', path: ['smtpHost'], message: 'required to mail notifyEmails' });
    }
    // Only with valid rules (bad ones are reported on their own): the policy cannot be built from them.
    const { errors } = parseEgressRules([...config.egressAllow, ...config.egressDeny]);
    if (
      config.notifyWebhookUrl &&
      errors.length === 0 &&
      new EgressPolicy({ allow: config.egressAllow, deny: config.egressDeny }).refusesLiteral(
        config.notifyWebhookUrl,
      )
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['notifyWebhookUrl'],
        message: 'its address is refused by the egress policy; EPOCH_EGRESS_ALLOW opens it',
      });
    }
    if (config.oidcIssuer && !config.oidcClientId) {
      ctx.addIssue({ code: 'custom', path: ['oidcClientId'], message: 'required with oidcIssuer' });
    }
    const authConfigured =
      config.adminPassword || config.guestPassword || config.apiTokens.length > 0 || config.oidcIssuer;
    if (!authConfigured && !config.authDisabled && !config.devCredentials) {
      ctx.addIssue({
        code: 'custom',
        path: ['authDisabled'],
        message:
          'no authentication is configured: set ADMIN_PASSWORD/GUEST_PASSWORD, EPOCH_API_TOKENS or ' +
          'EPOCH_OIDC_ISSUER, or EPOCH_AUTH_DISABLED=true to let anyone in',
      });
    }
    if (config.oidcIssuer && !config.sessionSecret && !config.devCredentials) {
      ctx.addIssue({
        code: 'custom',
        path: ['sessionSecret'],
        message: 'required with oidcIssuer, the same on every node (e.g. openssl rand -base64 48)',
      });
    }
  })
  .transform((config, ctx) => {
    const zkCredential = readZkCredential(config, ctx);
    if (!zkCredential) return z.NEVER;
    const advertiseUrl = config.advertiseUrl ?? `http://${hostname()}:${config.port}`;
    const uiUrl = (config.uiUrl ?? advertiseUrl).replace(/\/+$/, '');
    const { zkAuth: _zkAuth, ...rest } = config;
    return {
      ...rest,
      zkCredential,
      advertiseUrl,
      mailFrom: config.mailFrom ?? `epoch@${hostname()}`,
      uiUrl,
      oidcRedirectUrl: config.oidcRedirectUrl ?? `${uiUrl}/auth/callback`,
      oidcAudience: config.oidcAudience ?? config.oidcClientId,
    };
  });

/**
 * The ZooKeeper credential from ZK_AUTH or the file ZK_AUTH_FILE names; an unreadable or malformed file is a
 * config error naming the setting (its text stays out of the message).
 */
function readZkCredential(
  config: { zkAuth?: string; zkAuthFile?: string },
  ctx: z.RefinementCtx,
): ZkCredential | null {
  if (config.zkAuth) return ZkCredential.parse(config.zkAuth);
  if (!config.zkAuthFile) return null; // refused above
  let text: string;
  try {
    text = readFileSync(config.zkAuthFile, 'utf8');
  } catch (error) {
    ctx.addIssue({
      code: 'custom',
      path: ['zkAuthFile'],
      message: `cannot read ${config.zkAuthFile}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`,
    });
    return null;
  }
  const credential = ZkCredential.parse(text);
  if (!credential) {
    ctx.addIssue({
      code: 'custom',
      path: ['zkAuthFile'],
      message: `${config.zkAuthFile} ${ZK_CREDENTIAL_FORMAT.replace(/^must be/, 'must hold')}`,
    });
  }
  return credential;
}

export type Config = z.output<typeof configSchema>;

/** Environment variable for each key (names fixed by the issue and by Epoch). */
export const ENV_NAMES: Record<keyof z.input<typeof configSchema>, string> = {
  port: 'PORT',
  zkConnectionString: 'ZK_CONNECTION_STRING',
  zkRoot: 'ZK_ROOT',
  zkSessionTimeoutMs: 'ZK_SESSION_TIMEOUT_MS',
  host: 'HOST',
  allowedHosts: 'EPOCH_ALLOWED_HOSTS',
  trustProxy: 'EPOCH_TRUST_PROXY',
  zkAuth: 'ZK_AUTH',
  zkAuthFile: 'ZK_AUTH_FILE',
  clusterSecret: 'EPOCH_CLUSTER_SECRET',
  advertiseUrl: 'EPOCH_ADVERTISE_URL',
  dockerHost: 'DOCKER_HOST',
  adminPassword: 'ADMIN_PASSWORD',
  guestPassword: 'GUEST_PASSWORD',
  logLevel: 'LOG_LEVEL',
  uiDir: 'EPOCH_UI_DIR',
  cluster: 'EPOCH_CLUSTER',
  volumeAllowList: 'EPOCH_VOLUME_ALLOWLIST',
  volumesTrustEnginePaths: 'EPOCH_VOLUMES_TRUST_ENGINE_PATHS',
  containerCaps: 'EPOCH_CONTAINER_CAPS',
  containerPidsLimit: 'EPOCH_CONTAINER_PIDS_LIMIT',
  defaultMemoryMb: 'EPOCH_DEFAULT_MEMORY_MB',
  containerUser: 'EPOCH_CONTAINER_USER',
  httpSigningSecret: 'EPOCH_HTTP_SIGNING_SECRET',
  secretsKey: 'EPOCH_SECRETS_KEY',
  secretsPreviousKeys: 'EPOCH_SECRETS_PREVIOUS_KEYS',
  egressAllow: 'EPOCH_EGRESS_ALLOW',
  egressDeny: 'EPOCH_EGRESS_DENY',
  registryAuth: 'EPOCH_REGISTRY_AUTH',
  runsKeep: 'EPOCH_RUNS_KEEP',
  runsSkippedKeep: 'EPOCH_SKIPPED_RUNS_KEEP',
  runsMaxTotal: 'EPOCH_RUNS_MAX_TOTAL',
  runsMaxAgeDays: 'EPOCH_RUNS_MAX_AGE_DAYS',
  retentionIntervalSeconds: 'EPOCH_RETENTION_INTERVAL_SECONDS',
  claimAheadMs: 'EPOCH_CLAIM_AHEAD_MS',
  smtpHost: 'SMTP_HOST',
  smtpPort: 'SMTP_PORT',
  smtpSecure: 'SMTP_SECURE',
  smtpUser: 'SMTP_USER',
  smtpPassword: 'SMTP_PASSWORD',
  mailFrom: 'EPOCH_MAIL_FROM',
  notifyEmails: 'EPOCH_NOTIFY_EMAILS',
  notifyWebhookUrl: 'EPOCH_NOTIFY_WEBHOOK_URL',
  notifyWebhookFormat: 'EPOCH_NOTIFY_WEBHOOK_FORMAT',
  notifyOnSuccess: 'EPOCH_NOTIFY_ON_SUCCESS',
  uiUrl: 'EPOCH_UI_URL',
  authDisabled: 'EPOCH_AUTH_DISABLED',
  devCredentials: 'EPOCH_DEV_CREDENTIALS',
  sessionSecret: 'EPOCH_SESSION_SECRET',
  sessionTtlHours: 'EPOCH_SESSION_TTL_HOURS',
  apiTokens: 'EPOCH_API_TOKENS',
  metricsToken: 'EPOCH_METRICS_TOKEN',
  metricsPublic: 'EPOCH_METRICS_PUBLIC',
  oidcIssuer: 'EPOCH_OIDC_ISSUER',
  oidcClientId: 'EPOCH_OIDC_CLIENT_ID',
  oidcClientSecret: 'EPOCH_OIDC_CLIENT_SECRET',
  oidcScopes: 'EPOCH_OIDC_SCOPES',
  oidcRedirectUrl: 'EPOCH_OIDC_REDIRECT_URL',
  oidcAudience: 'EPOCH_OIDC_AUDIENCE',
  oidcRoleClaim: 'EPOCH_OIDC_ROLE_CLAIM',
  oidcReadWriteValues: 'EPOCH_OIDC_READ_WRITE_VALUES',
  oidcReadOnlyValues: 'EPOCH_OIDC_READ_ONLY_VALUES',
};

export const CONFIG_FILE_ENV = 'EPOCH_CONFIG_FILE';
