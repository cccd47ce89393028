import { Button } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconRepeat } from '@tabler/icons-react';
import { useNavigate } from 'react-router';
import { runPath } from '../topologies/detail/run-timing.js';
import { useRunMutations } from './use-run-mutations.js';

/** "Re-run": a new instant run of the topology as it is now, with this run's overrides; opens the new run. */
export function RerunButton({ topologyId, runId }: { topologyId: string; runId: string }) {
  const { rerun } = useRunMutations();
  const navigate = useNavigate();
  const start = () =>
    rerun.mutate(
      { id: topologyId, runId },
      {
        onSuccess: (started) => {
          notifications.show({
            color: 'green',
            title: 'Run started',
            message: `Re-run ${started.runId} started`,
          });
          void navigate(runPath(topologyId, started.runId));
        },
        onError: (error) =>
          notifications.show({ color: 'red', title: 'Could not re-run', message: error.message }),
      },
    );
  return (
    <Button
      variant="default"
      leftSection={<IconRepeat size={18} />}
      loading={rerun.isPending}
      onClick={start}
    >
      Re-run
    </Button>
  );
}
