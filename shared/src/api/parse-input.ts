import type { z } from 'zod';
import { InputError, type FieldIssue } from '../errors/index.js';

export function issuesOf(error: z.ZodError, prefix = ''): FieldIssue[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    return { field: [prefix, path].filter(Boolean).join('.') || prefix || '(root)', message: issue.message };
  });
}

/**
 * Parses untrusted input, or throws an {@link InputError} whose message names every offending field.
 * `prefix` places the fields, e.g. `query` for query-string parameters.
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, prefix = ''): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw inputError(issuesOf(result.error, prefix));
}

/** An {@link InputError} whose message names every issue's field. */
export function inputError(issues: FieldIssue[]): InputError {
  return new InputError(issues.map((issue) => `${issue.field}: ${issue.message}`).join('; '), issues);
}
