import zookeeper from 'node-zookeeper-client';

/** The ZooKeeper error codes callers branch on; everything else is an infrastructure failure. */
export type ZkErrorCode =
  'NO_NODE' | 'NODE_EXISTS' | 'BAD_VERSION' | 'NOT_EMPTY' | 'NO_AUTH' | 'CONNECTION' | 'OTHER';

export class ZkError extends Error {
  override readonly name = 'ZkError';
  constructor(
    readonly code: ZkErrorCode,
    message: string,
    /** For a failed multi-op: the index of the operation that failed. */
    readonly opIndex?: number,
  ) {
    super(message);
  }
}

const { Exception } = zookeeper;

export function zkErrorCode(error: unknown): ZkErrorCode {
  if (!(error instanceof Exception)) return 'OTHER';
  switch (error.getCode()) {
    case Exception.NO_NODE:
      return 'NO_NODE';
    case Exception.NODE_EXISTS:
      return 'NODE_EXISTS';
    case Exception.BAD_VERSION:
      return 'BAD_VERSION';
    case Exception.NOT_EMPTY:
      return 'NOT_EMPTY';
    case Exception.NO_AUTH:
    case Exception.AUTH_FAILED:
      return 'NO_AUTH';
    case Exception.CONNECTION_LOSS:
    case Exception.SESSION_EXPIRED:
    case Exception.OPERATION_TIMEOUT:
      return 'CONNECTION';
    default:
      return 'OTHER';
  }
}

export function toZkError(error: unknown, what: string, opIndex?: number): ZkError {
  if (error instanceof ZkError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new ZkError(zkErrorCode(error), `${what}: ${detail}`, opIndex);
}

export const isZkError = (error: unknown, code: ZkErrorCode): error is ZkError =>
  error instanceof ZkError && error.code === code;
