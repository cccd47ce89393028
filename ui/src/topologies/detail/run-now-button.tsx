import { Anchor, Button, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlayerPlayFilled } from '@tabler/icons-react';
import { useNavigate } from 'react-router';
import { useTopologyMutations } from '../../api/queries.js';
import { runPath } from './run-timing.js';

/** Starts an instant run; the notification links to it and the caller highlights it in the runs table. */
export function RunNowButton({
  topologyId,
  onStarted,
}: {
  topologyId: string;
  onStarted: (runId: string) => void;
}) {
  const { runNow } = useTopologyMutations();
  const navigate = useNavigate();

  const start = () =>
    runNow.mutate(topologyId, {
      onSuccess: ({ runId }) => {
        const path = runPath(topologyId, runId);
        notifications.show({
          color: 'green',
          title: 'Run started',
          // Notifications render outside the router, so the link navigates by hand rather than with <Link>.
          message: (
            <Text size="sm">
              Run{' '}
              <Anchor
                href={path}
                onClick={(event) => {
                  event.preventDefault();
                  void navigate(path);
                }}
              >
                {runId}
              </Anchor>{' '}
              started
            </Text>
          ),
        });
        onStarted(runId);
      },
      onError: (error) =>
        notifications.show({ color: 'red', title: 'Could not start a run', message: error.message }),
    });

  return (
    <Button
      size="md"
      leftSection={<IconPlayerPlayFilled size={18} />}
      loading={runNow.isPending}
      onClick={start}
    >
      Run now
    </Button>
  );
}
