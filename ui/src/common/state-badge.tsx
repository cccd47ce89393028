import { Badge, type MantineColor } from '@mantine/core';
import type { StoredRunState, TaskRunState, TopologyState } from '@epoch/shared';

// StoredRunState: the API never returns a CLAIMED run, but the run type allows it.
type State = StoredRunState | TaskRunState | TopologyState;

const COLORS: Record<State, MantineColor> = {
  CLAIMED: 'gray',
  ACTIVE: 'green',
  PAUSED: 'yellow',
  RUNNING: 'blue',
  SUCCESSFUL: 'teal',
  COMPLETED: 'teal',
  FAILED: 'red',
  SKIPPED: 'gray',
  CANCELLED: 'orange',
  PENDING: 'gray',
  STARTING: 'cyan',
  UNKNOWN: 'grape',
};

/** The one colour of a state, the same in chips and charts. */
export const stateColor = (state: State): MantineColor => COLORS[state] ?? 'gray';

/** A state chip with one color per state, the same everywhere. */
export function StateBadge({ state }: { state: State }) {
  return (
    <Badge color={stateColor(state)} variant="light" radius="sm">
      {state}
    </Badge>
  );
}
