import { hostname } from 'node:os';
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
  })
  .transform((config) => ({
    ...config,
    advertiseUrl: config.advertiseUrl ?? `http://${hostname()}:${config.port}`,
  }));

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
};

export const CONFIG_FILE_ENV = 'EPOCH_CONFIG_FILE';
