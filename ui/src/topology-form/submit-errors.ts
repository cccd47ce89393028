import type { TopologyInput } from '@epoch/shared';
import { ApiError } from '../api/client.js';
import { issuesToErrors, type FormErrors } from './map-issues.js';

/**
 * Form errors from a failed save: a 400's issues at their fields, a 409 on create at the name
 * (the name is the id). Null for anything else, which the form shows as a whole.
 */
export function errorsFromSaveFailure(
  error: unknown,
  input: TopologyInput,
  mode: 'create' | 'edit',
): FormErrors | null {
  if (!(error instanceof ApiError)) return null;
  if (error.status === 400) {
    return issuesToErrors(
      error.issues.length > 0 ? error.issues : [{ field: '', message: error.message }],
      input,
    );
  }
  if (error.status === 409 && mode === 'create') return { fields: { name: error.message }, unmatched: [] };
  return null;
}
