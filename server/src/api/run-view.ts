import type { Role, RunInfo } from '@epoch/shared';
import { redact } from '../secrets/redact-credentials.js';

/**
 * A run as a caller with `role` may see it: override `env` values are plain and shown, but, as in a
 * topology's `env`, a READ_ONLY caller sees those whose name looks like a credential as "<redacted>".
 * Every API answer and event carrying a run goes through here.
 */
export function runView(run: RunInfo, role: Role): RunInfo {
  const env = run.overrides?.env;
  if (role === 'READ_WRITE' || env === undefined) return run;
  return { ...run, overrides: { ...run.overrides, env: redact(env) } };
}
