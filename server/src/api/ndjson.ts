import { inputError } from '@epoch/shared';

/** Newline-delimited JSON: one value per non-blank line; a line that does not parse is a 400 naming it. */
export function parseNdjson(text: string, field: string): unknown[] {
  const values: unknown[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      values.push(JSON.parse(line));
    } catch {
      throw inputError([
        { field: `${field}.${values.length}`, message: 'is not a JSON value (NDJSON: one per line)' },
      ]);
    }
  }
  return values;
}
