import type { FieldIssue } from '@epoch/shared';
import { ApiError } from '../api/client.js';

/**
 * The issues of a failed save: a 400's, by path, and a 409 on create at the name (the name is the id).
 * Null for anything else, which the form shows as a whole.
 */
export function issuesFromSaveFailure(error: unknown, mode: 'create' | 'edit'): FieldIssue[] | null {
  if (!(error instanceof ApiError)) return null;
  if (error.status === 400) {
    return error.issues.length > 0 ? error.issues : [{ field: '', message: error.message }];
  }
  if (error.status === 409 && mode === 'create') return [{ field: 'name', message: error.message }];
  return null;
}
