import { ActionIcon, Anchor, Button, Group, Menu, Text } from '@mantine/core';
import type { Task } from '@epoch/shared';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconAdjustments, IconChevronDown, IconPlayerPlayFilled } from '@tabler/icons-react';
import { useNavigate } from 'react-router';
import { useTopologyMutations } from '../../api/queries.js';
import { runPath } from './run-timing.js';
import { RunWithModal } from './run-with-modal.js';

/**
 * Starts an instant run, or, from its menu, one with overrides ("Run with…"); the notification links to the run
 * and the caller highlights it in the runs table.
 */
export function RunNowButton({
  topologyId,
  task,
  onStarted,
}: {
  topologyId: string;
  task: Task;
  onStarted: (runId: string) => void;
}) {
  const { runNow } = useTopologyMutations();
  const navigate = useNavigate();
  const [runWithOpened, runWith] = useDisclosure(false);

  const started = (runId: string) => {
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
  };

  const start = () =>
    runNow.mutate(topologyId, {
      onSuccess: ({ runId }) => started(runId),
      onError: (error) =>
        notifications.show({ color: 'red', title: 'Could not start a run', message: error.message }),
    });

  return (
    <Group gap={0} wrap="nowrap">
      <Button
        size="md"
        leftSection={<IconPlayerPlayFilled size={18} />}
        loading={runNow.isPending}
        onClick={start}
        style={{ borderTopRightRadius: 0, borderBottomRightRadius: 0 }}
      >
        Run now
      </Button>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <ActionIcon
            size={42}
            aria-label="More ways to run"
            style={{
              borderTopLeftRadius: 0,
              borderBottomLeftRadius: 0,
              borderLeft: '1px solid var(--mantine-color-body)',
            }}
          >
            <IconChevronDown size={18} />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item leftSection={<IconAdjustments size={16} />} onClick={runWith.open}>
            Run with…
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <RunWithModal
        topologyId={topologyId}
        task={task}
        opened={runWithOpened}
        onClose={runWith.close}
        onStarted={(runId) => {
          started(runId);
          void navigate(runPath(topologyId, runId));
        }}
      />
    </Group>
  );
}
