import type { HttpTask } from '@epoch/shared';
import { signEpochRequest } from './signature.js';

/** The parts of an attempt a receiver sees, in X-Epoch-* headers. */
export interface AttemptIdentity {
  topologyId: string;
  runId: string;
  /** `<topologyId>-<runId>-<taskName>`: the same for every retry of one fire, so it is the idempotency key. */
  taskId: string;
  /** 1-based. */
  attempt: number;
  /** Epoch ms of the scheduled fire. */
  fireTime: number;
}

export interface RequestSettings {
  userAgent: string;
  /** When set (non-empty), requests carry X-Epoch-Timestamp and X-Epoch-Signature. */
  signingSecret?: string | undefined;
  /** Epoch ms, for the signature timestamp. */
  now: number;
}

/** Everything the HTTP client needs, plus how to name the call in messages. */
export interface HttpRequestPlan {
  /** `scheme://host[:port]` and path with query, as the HTTP client's dispatcher takes them (no credentials). */
  origin: string;
  path: string;
  method: HttpTask['method'];
  headers: Record<string, string>;
  body?: string;
  /** "POST https://host/path" without credentials or query, which often carry secrets (see describeTarget). */
  target: string;
}

export type BuiltRequest = { ok: true; request: HttpRequestPlan } | { ok: false; errorMessage: string };

export const EPOCH_HEADERS = {
  taskId: 'X-Epoch-Task-Id',
  topologyId: 'X-Epoch-Topology-Id',
  runId: 'X-Epoch-Run-Id',
  attempt: 'X-Epoch-Attempt',
  fireTime: 'X-Epoch-Fire-Time',
  timestamp: 'X-Epoch-Timestamp',
  signature: 'X-Epoch-Signature',
} as const;

// The whole X-Epoch- prefix is ours, not only the headers we send now: a task must not be able to forge, say,
// a signature on a server that signs nothing, and receivers may trust any X-Epoch-* header to come from Epoch.
const RESERVED_PREFIX = 'x-epoch-';

// Message framing belongs to the HTTP client: undici refuses, ignores or mis-frames a request that sets these.
const CLIENT_OWNED_HEADERS: ReadonlySet<string> = new Set([
  'host',
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'upgrade',
  'expect',
]);

/**
 * The request for one attempt. Header precedence, low to high: Epoch's defaults (User-Agent, Content-Type,
 * Authorization from URL credentials), then the task's headers, then the X-Epoch-* headers, which always win.
 * A bad URL or header is reported here, as a failure no retry can fix.
 */
export function buildHttpRequest(
  task: HttpTask,
  identity: AttemptIdentity,
  settings: RequestSettings,
): BuiltRequest {
  const parsed = parseUrl(task.url);
  if (!parsed.ok) return parsed;
  const { url, authorization } = parsed;
  const payload = encodeBody(task);

  const headers = new HeaderSet();
  headers.set('User-Agent', settings.userAgent);
  if (payload) headers.set('Content-Type', payload.contentType);
  if (authorization) headers.set('Authorization', authorization);
  for (const [name, value] of Object.entries(task.headers)) {
    const lower = name.toLowerCase();
    if (!lower.startsWith(RESERVED_PREFIX) && !CLIENT_OWNED_HEADERS.has(lower)) headers.set(name, value);
  }
  headers.set(EPOCH_HEADERS.taskId, identity.taskId);
  headers.set(EPOCH_HEADERS.topologyId, identity.topologyId);
  headers.set(EPOCH_HEADERS.runId, identity.runId);
  headers.set(EPOCH_HEADERS.attempt, String(identity.attempt));
  headers.set(EPOCH_HEADERS.fireTime, new Date(identity.fireTime).toISOString());
  if (settings.signingSecret) {
    const timestamp = String(Math.floor(settings.now / 1000));
    headers.set(EPOCH_HEADERS.timestamp, timestamp);
    headers.set(
      EPOCH_HEADERS.signature,
      signEpochRequest(settings.signingSecret, {
        timestamp,
        method: task.method,
        url: `${url.origin}${url.pathname}${url.search}`,
        taskId: identity.taskId,
        body: payload?.body ?? '',
      }),
    );
  }

  const invalid = headers.validate();
  if (invalid) return { ok: false, errorMessage: `${invalid} for ${describeTarget(task.method, url)}` };
  return {
    ok: true,
    request: {
      origin: url.origin,
      path: `${url.pathname}${url.search}`,
      method: task.method,
      headers: headers.toRecord(),
      ...(payload && { body: payload.body }),
      target: describeTarget(task.method, url),
    },
  };
}

/** "POST https://host/path", with "?…" standing for a query: messages are stored and shown in the UI. */
export function describeTarget(method: string, url: URL): string {
  return `${method} ${url.origin}${url.pathname}${url.search ? '?…' : ''}`;
}

type ParsedUrl = { ok: true; url: URL; authorization?: string } | { ok: false; errorMessage: string };

/**
 * HTTP clients refuse URLs with credentials; users paste them anyway (https://user:pass@host/hook), so they become a
 * Basic Authorization header, which an explicit Authorization header in the task still overrides.
 */
function parseUrl(raw: string): ParsedUrl {
  const invalid = { ok: false, errorMessage: `invalid URL: ${raw}` } as const;
  if (!URL.canParse(raw)) return invalid;
  const url = new URL(raw);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return invalid;
  if (url.username === '' && url.password === '') return { ok: true, url };
  let credentials: string;
  try {
    credentials = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  } catch {
    return invalid;
  }
  url.username = '';
  url.password = '';
  return { ok: true, url, authorization: `Basic ${Buffer.from(credentials).toString('base64')}` };
}

/** A string goes out as is, anything else as JSON; GET and HEAD carry no body (most servers ignore or refuse one). */
function encodeBody(task: HttpTask): { body: string; contentType: string } | undefined {
  if (task.body === undefined || task.method === 'GET' || task.method === 'HEAD') return undefined;
  return typeof task.body === 'string'
    ? { body: task.body, contentType: 'text/plain; charset=utf-8' }
    : { body: JSON.stringify(task.body), contentType: 'application/json' };
}

/** Headers by case-insensitive name; a later set replaces an earlier one and takes its spelling. */
class HeaderSet {
  private readonly entries = new Map<string, [name: string, value: string]>();

  set(name: string, value: string): void {
    this.entries.set(name.toLowerCase(), [name, value]);
  }

  /**
   * Why the HTTP client would reject these headers (bad name, CR/LF in a value), if it would. Names only: a
   * value may be a secret, and the message is stored in the run.
   */
  validate(): string | undefined {
    for (const [name, value] of this.entries.values()) {
      if (!HEADER_NAME.test(name)) return `invalid header name "${name}"`;
      if (!HEADER_VALUE.test(value)) return `invalid value for header "${name}"`;
    }
    return undefined;
  }

  toRecord(): Record<string, string> {
    return Object.fromEntries(this.entries.values());
  }
}

// RFC 9110 field names are tokens; values may not break the message (CR, LF, NUL). What undici enforces too.
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const HEADER_VALUE = /^[^\0\r\n]*$/;
