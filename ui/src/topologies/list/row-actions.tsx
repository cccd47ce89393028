import type { TopologyDetails } from '@epoch/shared';
import { ActionIcon, Group, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlayerPause, IconPlayerPlay, IconRocket } from '@tabler/icons-react';
import { useTopologyMutations } from '../../api/queries.js';

const failed = (title: string) => (error: unknown) =>
  notifications.show({
    color: 'red',
    title,
    message: error instanceof Error ? error.message : String(error),
  });

/** Run now and Pause/Resume for one row; each row owns its mutations so their spinners stay separate. */
export function RowActions({ topology }: { topology: TopologyDetails }) {
  const { runNow, pause, unpause } = useTopologyMutations();
  const { id } = topology;
  const name = topology.topology.name;
  const paused = topology.state === 'PAUSED';
  const toggle = paused ? unpause : pause;

  const startRun = () =>
    runNow.mutate(id, {
      onSuccess: ({ runId }) =>
        notifications.show({ color: 'green', title: `Run ${runId} started`, message: `Topology ${name}` }),
      onError: failed(`Could not run ${name}`),
    });

  const toggleState = () =>
    toggle.mutate(id, {
      onSuccess: () =>
        notifications.show({
          color: paused ? 'green' : 'yellow',
          title: paused ? `${name} resumed` : `${name} paused`,
          message: paused ? 'It fires on its schedule again.' : 'It will not fire until resumed.',
        }),
      onError: failed(`Could not ${paused ? 'resume' : 'pause'} ${name}`),
    });

  const toggleLabel = `${paused ? 'Resume' : 'Pause'} ${name}`;
  return (
    <Group gap={4} wrap="nowrap" justify="flex-end">
      <Tooltip label="Run now" withArrow>
        <ActionIcon
          variant="subtle"
          color="indigo"
          size="md"
          aria-label={`Run now ${name}`}
          loading={runNow.isPending}
          onClick={startRun}
        >
          <IconRocket size={18} stroke={1.6} />
        </ActionIcon>
      </Tooltip>
      <Tooltip label={paused ? 'Resume' : 'Pause'} withArrow>
        <ActionIcon
          variant="subtle"
          color={paused ? 'green' : 'yellow'}
          size="md"
          aria-label={toggleLabel}
          loading={toggle.isPending}
          onClick={toggleState}
        >
          {paused ? <IconPlayerPlay size={18} stroke={1.6} /> : <IconPlayerPause size={18} stroke={1.6} />}
        </ActionIcon>
      </Tooltip>
    </Group>
  );
}
