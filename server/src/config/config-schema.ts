import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { hostname } from 'node:os';
import { CONTAINER_USER_REGEX, DURATION_REGEX, EMAIL_REGEX, WEBHOOK_FORMATS } from '@epoch/shared';
import { z } from 'zod';
import { EgressPolicy } from '../egress/egress-policy.js';
import { parseEgressRules } from '../egress/egress-rules.js';
import { HARDENED_DEFAULTS } from '../runners/container/runtime/container-defaults.js';
import { parseDuration } from '../runners/container/runtime/duration.js';
import { CONTAINER_RUNTIMES } from '../runners/container/runtime/runtime-choice.js';
import { HARDENING_GAPS } from '../runners/container/runtime/swarm/swarm-support.js';
import { ZK_CREDENTIAL_FORMAT, ZK_CREDENTIAL_REGEX, ZkCredential } from '../zk/zk-credential.js';
import {
  apiTokensSchema,
  capabilities,
  egressRules,
  flag,
  list,
  LOG_LEVELS,
  parseJsonOr,
  secretKey,
  trustProxy,
} from './config-fields.js';

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
    runtime: z
      .enum(CONTAINER_RUNTIMES)
      .default('docker')
      .meta({ description: 'Where container tasks run: one Docker Engine, or a Swarm through a manager' }),
    swarmAcceptUnenforced: list()
      .pipe(z.array(z.enum(HARDENING_GAPS)))
      .default([])
      .meta({ description: "Hardening a swarm's engines cannot enforce that Epoch may run tasks without" }),
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
    jobsLookaheadMs: z.coerce.number().int().min(1_000).max(86_400_000).default(600_000).meta({
      description:
        'One-shot jobs due within this are held in memory by the leader; later ones stay in ZooKeeper',
    }),
    jobRecordsKeep: z
      .string()
      .regex(DURATION_REGEX, 'must be a duration, e.g. "24 hours" or "90m"')
      .default('24 hours')
      .transform(parseDuration)
      .meta({ description: "How long a fired job's delivery record is kept" }),
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
