import { hostname } from 'node:os';
import { EMAIL_REGEX, WEBHOOK_FORMATS } from '@epoch/shared';
import { z } from 'zod';

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

/** Server configuration; every key may come from the config file or its environment variable. */
export const configSchema = z
  .object({
    port: z.coerce.number().int().min(0).max(65_535).default(8080),
    zkConnectionString: z.string().min(1).default('127.0.0.1:2181'),
    zkRoot: z
      .string()
      .regex(/^\/[^/]+(\/[^/]+)*$/, 'must be an absolute ZooKeeper path such as /epoch')
      .default('/epoch'),
    zkSessionTimeoutMs: z.coerce.number().int().min(2_000).max(120_000).default(15_000),
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
    httpSigningSecret: z.string().min(16).optional(),
    registryAuth: z
      .preprocess(
        (value) => (typeof value === 'string' ? parseJsonOr(value) : value),
        z.record(z.string().min(1), z.object({ username: z.string().min(1), password: z.string() })),
      )
      .default({})
      .meta({ description: '{"registry.example.com": {"username", "password"}}; Docker Hub is docker.io' }),
    runsKeep: z.coerce.number().int().min(1).max(100_000).default(100),
    runsMaxAgeDays: z.coerce.number().min(0.01).max(3650).default(30),
    retentionIntervalSeconds: z.coerce.number().int().min(1).max(86_400).default(300),
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
  })
  .superRefine((config, ctx) => {
    if (config.notifyEmails.length > 0 && !config.smtpHost) {
      ctx.addIssue({ code: 'custom', path: ['smtpHost'], message: 'required to mail notifyEmails' });
    }
  })
  .transform((config) => {
    const advertiseUrl = config.advertiseUrl ?? `http://${hostname()}:${config.port}`;
    return {
      ...config,
      advertiseUrl,
      mailFrom: config.mailFrom ?? `epoch@${hostname()}`,
      uiUrl: (config.uiUrl ?? advertiseUrl).replace(/\/+$/, ''),
    };
  });

export type Config = z.output<typeof configSchema>;

/** Environment variable for each key (names fixed by the issue and by Epoch). */
export const ENV_NAMES: Record<keyof z.input<typeof configSchema>, string> = {
  port: 'PORT',
  zkConnectionString: 'ZK_CONNECTION_STRING',
  zkRoot: 'ZK_ROOT',
  zkSessionTimeoutMs: 'ZK_SESSION_TIMEOUT_MS',
  advertiseUrl: 'EPOCH_ADVERTISE_URL',
  dockerHost: 'DOCKER_HOST',
  adminPassword: 'ADMIN_PASSWORD',
  guestPassword: 'GUEST_PASSWORD',
  logLevel: 'LOG_LEVEL',
  uiDir: 'EPOCH_UI_DIR',
  cluster: 'EPOCH_CLUSTER',
  volumeAllowList: 'EPOCH_VOLUME_ALLOWLIST',
  httpSigningSecret: 'EPOCH_HTTP_SIGNING_SECRET',
  registryAuth: 'EPOCH_REGISTRY_AUTH',
  runsKeep: 'EPOCH_RUNS_KEEP',
  runsMaxAgeDays: 'EPOCH_RUNS_MAX_AGE_DAYS',
  retentionIntervalSeconds: 'EPOCH_RETENTION_INTERVAL_SECONDS',
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
};

export const CONFIG_FILE_ENV = 'EPOCH_CONFIG_FILE';
