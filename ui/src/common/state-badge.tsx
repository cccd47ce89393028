import { Badge, type MantineColor } from '@mantine/core';
import type { RunState, TaskRunState, TopologyState } from '@epoch/shared';

const COLORS: Record<RunState | TaskRunState | TopologyState, MantineColor> = {
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

/** A state chip with one color per state, the same everywhere. */
export function StateBadge({ state }: { state: RunState | TaskRunState | TopologyState }) {
  return (
    <Badge color={COLORS[state] ?? 'gray'} variant="light" radius="sm">
      {state}
    </Badge>
  );
}
