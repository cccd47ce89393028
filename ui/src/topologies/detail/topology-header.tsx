import { Button, Group, Stack, Text, Title } from '@mantine/core';
import type { TopologyDetails } from '@epoch/shared';
import { IconCopy, IconPencil } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useCanWrite } from '../../auth/use-current-user.js';
import { describeTrigger, formatDateTime } from '../../common/describe-trigger.js';
import { LabelBadges } from '../../common/label-badges.js';
import { StateBadge } from '../../common/state-badge.js';
import { DeleteTopologyButton } from './delete-topology-button.js';
import { PauseResumeButton } from './pause-resume-button.js';
import { RunNowButton } from './run-now-button.js';
import { topologyPath } from './run-timing.js';

/** Name, state and trigger of a topology, with what the user may do to it. */
export function TopologyHeader({
  details,
  onRunStarted,
}: {
  details: TopologyDetails;
  onRunStarted: (runId: string) => void;
}) {
  const { topology } = details;
  const canWrite = useCanWrite();
  return (
    <Group justify="space-between" align="flex-start" gap="md">
      <Stack gap={4} style={{ minWidth: 0 }}>
        <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
          <Title order={2} style={{ overflowWrap: 'anywhere' }}>
            {topology.name}
          </Title>
          <StateBadge state={details.state} />
        </Group>
        <LabelBadges labels={topology.labels} owner={topology.owner} />
        <Text>Runs {describeTrigger(topology.trigger)}</Text>
        <PauseNote details={details} />
        <Text size="xs" c="dimmed">
          Created {formatDateTime(details.created)}
          {details.createdBy && ` by ${details.createdBy}`} · updated {formatDateTime(details.updated)}
          {details.updatedBy && ` by ${details.updatedBy}`}
        </Text>
      </Stack>
      {canWrite && (
        <Group gap="sm">
          <RunNowButton topologyId={details.id} task={topology.task} onStarted={onRunStarted} />
          <PauseResumeButton details={details} />
          <Button
            component={Link}
            to={`${topologyPath(details.id)}/edit`}
            variant="default"
            size="md"
            leftSection={<IconPencil size={18} />}
          >
            Edit
          </Button>
          <Button
            component={Link}
            to={`${topologyPath(details.id)}/duplicate`}
            variant="default"
            size="md"
            leftSection={<IconCopy size={18} />}
          >
            Duplicate
          </Button>
          <DeleteTopologyButton details={details} />
        </Group>
      )}
    </Group>
  );
}

/**
 * Who paused it and since when: a paused topology records no runs, so this is the one trace of its missed fires.
 * After a resume, who resumed it and when.
 */
function PauseNote({ details }: { details: TopologyDetails }) {
  if (details.state === 'PAUSED' && details.pausedAt !== undefined)
    return (
      <Text size="sm" c="yellow.8">
        Paused {details.pausedBy && `by ${details.pausedBy} `}at {formatDateTime(details.pausedAt)}: its fires
        are not run and not recorded.
      </Text>
    );
  if (details.state === 'ACTIVE' && details.resumedAt !== undefined)
    return (
      <Text size="xs" c="dimmed">
        Resumed {details.resumedBy && `by ${details.resumedBy} `}at {formatDateTime(details.resumedAt)}
      </Text>
    );
  return null;
}
