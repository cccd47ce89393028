/** A destination the egress policy refuses. Final: the same call would be refused again, so no retry. */
export class EgressDeniedError extends Error {
  override readonly name = 'EgressDeniedError';
  readonly code = 'EPOCH_EGRESS_DENIED';
  constructor(
    readonly host: string,
    readonly address: string,
  ) {
    super(`destination not allowed: ${host} (${address}) by the egress policy`);
  }
}
