import { Button } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { TopologyDetails } from '@epoch/shared';
import { IconPlayerPause, IconPlayerPlay } from '@tabler/icons-react';
import { useTopologyMutations } from '../../api/queries.js';

/** "Pause" for an active topology, "Resume" for a paused one. */
export function PauseResumeButton({ details }: { details: TopologyDetails }) {
  const { pause, unpause } = useTopologyMutations();
  const paused = details.state === 'PAUSED';
  const mutation = paused ? unpause : pause;
  const name = details.topology.name;

  const toggle = () =>
    mutation.mutate(details.id, {
      onSuccess: () =>
        notifications.show({ message: paused ? `Topology ${name} resumed` : `Topology ${name} paused` }),
      onError: (error) =>
        notifications.show({
          color: 'red',
          title: paused ? 'Could not resume' : 'Could not pause',
          message: error.message,
        }),
    });

  return (
    <Button
      variant="default"
      size="md"
      leftSection={paused ? <IconPlayerPlay size={18} /> : <IconPlayerPause size={18} />}
      loading={mutation.isPending}
      onClick={toggle}
    >
      {paused ? 'Resume' : 'Pause'}
    </Button>
  );
}
