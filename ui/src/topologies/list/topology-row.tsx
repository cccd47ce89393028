import type { TopologySummary } from '@epoch/shared';
import { Anchor, Box, Checkbox, Stack, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { LabelBadges } from '../../common/label-badges.js';
import { describeTrigger, formatDateTime, formatRelative } from '../../common/describe-trigger.js';
import { StateBadge } from '../../common/state-badge.js';
import { RowActions } from './row-actions.js';
import { TaskCell } from './task-cell.js';

const topologyPath = (id: string) => `/topologies/${encodeURIComponent(id)}`;

/** A badge at its full width: Mantine's badge would otherwise ellipsize when the table is squeezed. */
function FullBadge({ state }: { state: Parameters<typeof StateBadge>[0]['state'] }) {
  return (
    <Box w="max-content">
      <StateBadge state={state} />
    </Box>
  );
}

function TimeCell({ ms, now }: { ms: number | null; now: number }) {
  if (ms === null) return <Text c="dimmed">—</Text>;
  return (
    <Stack gap={0}>
      <Text size="sm" miw={80}>
        {formatDateTime(ms)}
      </Text>
      <Text size="xs" c="dimmed">
        {formatRelative(ms, now)}
      </Text>
    </Stack>
  );
}

function LastRunCell({ id, lastRun, now }: Pick<TopologySummary, 'lastRun'> & { id: string; now: number }) {
  if (!lastRun) return <Text c="dimmed">—</Text>;
  return (
    <Anchor
      component={Link}
      to={`${topologyPath(id)}/runs/${encodeURIComponent(lastRun.runId)}`}
      title={`${lastRun.runId}, updated ${formatDateTime(lastRun.updated)}`}
      underline="hover"
    >
      <Stack gap={2} align="flex-start">
        <FullBadge state={lastRun.state} />
        <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
          {formatRelative(lastRun.updated, now)}
        </Text>
      </Stack>
    </Anchor>
  );
}

/** Column visibility: low-priority columns drop off on narrow screens (the header uses the same props). */
export const COLUMN_VISIBILITY = {
  trigger: { visibleFrom: 'md' },
  task: { visibleFrom: 'md' },
  nextFire: { visibleFrom: 'sm' },
  lastRun: { visibleFrom: 'xs' },
  created: { visibleFrom: 'xl' },
  updated: { visibleFrom: 'lg' },
} as const;

export function TopologyRow({
  summary,
  now,
  withActions,
  selected,
  onSelect,
  onPickLabel,
}: {
  summary: TopologySummary;
  now: number;
  /** Run now and Pause/Resume, and a checkbox for bulk actions, for users who may change topologies. */
  withActions: boolean;
  selected: boolean;
  onSelect: (selected: boolean) => void;
  /** A label chip was clicked: filter by it. */
  onPickLabel: (term: string) => void;
}) {
  const { details, nextFireTime, lastRun } = summary;
  const { topology } = details;
  return (
    <Table.Tr bg={selected ? 'var(--mantine-primary-color-light)' : undefined}>
      {withActions && (
        <Table.Td>
          <Checkbox
            aria-label={`Select ${topology.name}`}
            checked={selected}
            onChange={(event) => onSelect(event.currentTarget.checked)}
          />
        </Table.Td>
      )}
      <Table.Td>
        <Stack gap={4} miw={130}>
          <Anchor
            component={Link}
            to={topologyPath(details.id)}
            fw={600}
            style={{ overflowWrap: 'anywhere' }}
          >
            {topology.name}
          </Anchor>
          <LabelBadges labels={topology.labels} owner={topology.owner} onPick={onPickLabel} />
        </Stack>
      </Table.Td>
      <Table.Td {...COLUMN_VISIBILITY.trigger}>
        <Text size="sm">{describeTrigger(topology.trigger)}</Text>
      </Table.Td>
      <Table.Td {...COLUMN_VISIBILITY.task}>
        <TaskCell task={topology.task} />
      </Table.Td>
      <Table.Td>
        <FullBadge state={details.state} />
      </Table.Td>
      <Table.Td {...COLUMN_VISIBILITY.nextFire}>
        <TimeCell ms={nextFireTime} now={now} />
      </Table.Td>
      <Table.Td {...COLUMN_VISIBILITY.lastRun}>
        <LastRunCell id={details.id} lastRun={lastRun} now={now} />
      </Table.Td>
      <Table.Td {...COLUMN_VISIBILITY.updated}>
        <Text size="sm" title={formatDateTime(details.updated)} style={{ whiteSpace: 'nowrap' }}>
          {formatRelative(details.updated, now)}
        </Text>
      </Table.Td>
      <Table.Td {...COLUMN_VISIBILITY.created}>
        <Text size="sm" title={formatDateTime(details.created)} style={{ whiteSpace: 'nowrap' }}>
          {formatRelative(details.created, now)}
        </Text>
      </Table.Td>
      {withActions && (
        <Table.Td>
          <RowActions topology={details} />
        </Table.Td>
      )}
    </Table.Tr>
  );
}
