import type { z } from 'zod';

/**
 * Every value Epoch writes to ZooKeeper is `{"formatVersion": N, "data": …}`, and every read is
 * re-parsed with the schema of that version, so a bad or foreign node is caught at the edge.
 * Writes are typed, not re-validated: the leader writes several per run, and API input was
 * validated on arrival.
 */
export interface VersionedCodec<T> {
  encode(value: T): Buffer;
  /** Throws {@link CorruptNodeError} when the bytes are not a known version of this schema. */
  decode(bytes: Buffer, path: string): T;
}

export class CorruptNodeError extends Error {
  override readonly name = 'CorruptNodeError';
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`ZooKeeper node ${path} is not readable: ${reason}`);
  }
}

/**
 * The `data` of an envelope of `formatVersion` `version`, unchecked: for codecs that check their data by hand
 * (job segments, read by the million at a takeover).
 */
export function envelopeData(bytes: Buffer, path: string, version: number): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new CorruptNodeError(path, 'not JSON');
  }
  const { formatVersion, data } = (parsed ?? {}) as { formatVersion?: unknown; data?: unknown };
  if (formatVersion !== version)
    throw new CorruptNodeError(path, `unknown formatVersion ${String(formatVersion)}`);
  return data;
}

export function versionedCodec<S extends z.ZodType>(
  currentVersion: number,
  schemasByVersion: Record<number, S>,
): VersionedCodec<z.output<S>> {
  const current = schemasByVersion[currentVersion];
  if (!current) throw new Error(`no schema for format version ${currentVersion}`);
  return {
    encode(value) {
      return Buffer.from(JSON.stringify({ formatVersion: currentVersion, data: value }));
    },
    decode(bytes, path) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(bytes.toString('utf8'));
      } catch {
        throw new CorruptNodeError(path, 'not JSON');
      }
      const { formatVersion, data } = (parsed ?? {}) as { formatVersion?: unknown; data?: unknown };
      const schema = typeof formatVersion === 'number' ? schemasByVersion[formatVersion] : undefined;
      if (!schema) throw new CorruptNodeError(path, `unknown formatVersion ${String(formatVersion)}`);
      const result = schema.safeParse(data);
      if (!result.success) throw new CorruptNodeError(path, result.error.message);
      return result.data;
    },
  };
}
