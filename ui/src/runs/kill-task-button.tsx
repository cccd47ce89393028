import { Button } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconSkull } from '@tabler/icons-react';
import { useTopologyMutations } from '../api/queries.js';
import { ConfirmModal } from '../common/confirm-modal.js';

/** "Kill" for a starting or running task, confirmed since it cancels the whole run. */
export function KillTaskButton({
  topologyId,
  runId,
  taskName,
  describedBy,
}: {
  topologyId: string;
  runId: string;
  taskName: string;
  /** Id of the task's heading, so that each "Kill" says which task it kills. */
  describedBy?: string;
}) {
  const [opened, { open, close }] = useDisclosure(false);
  const { killTask } = useTopologyMutations();

  const confirm = () =>
    killTask.mutate(
      { id: topologyId, runId, taskName },
      {
        onSuccess: () => {
          notifications.show({ message: `Task ${taskName} killed` });
          close();
        },
        onError: (error) =>
          notifications.show({ color: 'red', title: `Could not kill ${taskName}`, message: error.message }),
      },
    );

  return (
    <>
      <Button
        color="red"
        variant="light"
        size="xs"
        leftSection={<IconSkull size={14} />}
        onClick={open}
        aria-describedby={describedBy}
      >
        Kill
      </Button>
      <ConfirmModal
        opened={opened}
        onClose={close}
        title={`Kill task ${taskName}?`}
        confirmLabel="Kill task"
        pending={killTask.isPending}
        onConfirm={confirm}
      >
        Its container is killed, the tasks after it do not start, and run {runId} ends CANCELLED.
      </ConfirmModal>
    </>
  );
}
