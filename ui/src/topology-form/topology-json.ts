import { topologySchema, type FieldIssue, type Topology, type TopologyInput } from '@epoch/shared';
import { schemaIssues } from './validate-form.js';

export const topologyToJson = (input: TopologyInput): string => JSON.stringify(input, null, 2);

export type JsonValidation =
  { ok: true; input: TopologyInput; topology: Topology } | { ok: false; issues: FieldIssue[] };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The JSON tab's text checked with the server's own schema. `input` is the text as written (sent as is, so
 * fields this UI does not know reach the server); `topology` is it parsed, with defaults. `lockedName` is an
 * edited topology's name, which is its id and cannot change.
 */
export function validateTopologyJson(text: string, lockedName?: string): JsonValidation {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, issues: [{ field: '', message: `Not valid JSON: ${(error as Error).message}` }] };
  }
  if (!isObject(value)) return { ok: false, issues: [{ field: '', message: 'must be a JSON object' }] };
  // With the input reported, a wrong type reads as one ("expected array"), not as "Required".
  const parsed = topologySchema.safeParse(value, { reportInput: true });
  const issues = parsed.success ? [] : schemaIssues(parsed.error);
  if (lockedName !== undefined && value.name !== lockedName) {
    issues.unshift({
      field: 'name',
      message: `must stay "${lockedName}": the name is the id (Duplicate copies under a new name)`,
    });
  }
  if (!parsed.success || issues.length > 0) return { ok: false, issues };
  return { ok: true, input: value as TopologyInput, topology: parsed.data };
}

/**
 * `parsed` (the schema's output, defaults filled in) with the fields of `raw` the schema stripped put
 * back, at every depth, so the form can keep what it does not know.
 */
export function withUnknownFields<T>(raw: unknown, parsed: T): T {
  if (Array.isArray(raw) && Array.isArray(parsed) && raw.length === parsed.length) {
    return parsed.map((item: unknown, index) => withUnknownFields(raw[index], item)) as T;
  }
  if (isObject(raw) && isObject(parsed)) {
    const merged: Record<string, unknown> = { ...raw };
    for (const [key, value] of Object.entries(parsed)) merged[key] = withUnknownFields(raw[key], value);
    return merged as T;
  }
  return parsed;
}
