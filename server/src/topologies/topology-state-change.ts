import type { TopologyDetails, TopologyState } from '@epoch/shared';

/**
 * The topology put in `state` by `actor` at `now`, the change recorded on it: a pause as `pausedAt`/`pausedBy`,
 * a resume as `resumedAt`/`resumedBy`. Only the fields of the state it is in are kept, so a reader never has to
 * tell which of two stamps is the current one. A topology already in `state` is returned as it is. Pure.
 */
export function withState(
  details: TopologyDetails,
  state: TopologyState,
  actor: string,
  now: number,
): TopologyDetails {
  if (details.state === state) return details;
  const {
    pausedAt: _pausedAt,
    pausedBy: _pausedBy,
    resumedAt: _resumedAt,
    resumedBy: _resumedBy,
    ...rest
  } = details;
  return state === 'PAUSED'
    ? { ...rest, state, pausedAt: now, pausedBy: actor }
    : { ...rest, state, resumedAt: now, resumedBy: actor };
}
