/**
 * The kinds of setting the config schema is built from: booleans and lists that come from a file or from the
 * environment, egress rules, capabilities, secrets keys, trusted proxies and API tokens. Each checks its value
 * here, so that a bad one stops the server with a message naming it.
 */
import { isIP } from 'node:net';
import { ROLES } from '@epoch/shared';
import { z } from 'zod';
import { parseEgressRule } from '../egress/egress-rules.js';
import { LINUX_CAPABILITIES, type LinuxCapability } from '../runners/container/runtime/linux-capabilities.js';
import { parseSecretKey } from '../secrets/secret-crypto.js';

/** An environment variable holding JSON; left as text when it is not, so the schema names the problem. */
export function parseJsonOr(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** A boolean from a file (true) or the environment ("true", "1", "yes", …). */
export const flag = () => z.union([z.boolean(), z.stringbool()]);

/** A list from a file (an array) or the environment (comma-separated). */
export const list = () =>
  z
    .union([z.string(), z.array(z.string())])
    .transform((value) =>
      (Array.isArray(value) ? value : value.split(',')).map((item) => item.trim()).filter(Boolean),
    );

/** Egress rules (egress-rules.ts), each checked here so a bad one stops the server naming it. */
export const egressRules = () =>
  list().superRefine((entries, ctx) => {
    for (const entry of entries) {
      const parsed = parseEgressRule(entry);
      if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.error });
    }
  });
/** Capability names as Docker writes them (`NET_BIND_SERVICE`), the `CAP_` prefix optional; never ALL. */
export const capabilities = () =>
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
export const secretKey = () =>
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
export const trustProxy = () =>
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
export const apiTokensSchema = z.preprocess(
  (value) => (typeof value === 'string' ? parseJsonOr(value) : value),
  z.array(
    z.object({
      name: z.string().regex(/^[\w.@-]{1,64}$/, 'letters, digits, ".", "@", "-" and "_", at most 64'),
      sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be the hex SHA-256 of the token'),
      role: z.enum(ROLES),
    }),
  ),
);
