import type { TopologyAction, TopologyActionResult } from '@epoch/shared';
import { Button, Group, Paper, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlayerPause, IconPlayerPlay, IconRocket, IconTrash, IconX } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { useTopologyMutations } from '../../api/queries.js';
import { ConfirmModal } from '../../common/confirm-modal.js';

const DONE: Record<TopologyAction, string> = {
  PAUSE: 'paused',
  RESUME: 'resumed',
  RUN: 'started a run',
  DELETE: 'deleted',
};

const plural = (count: number) => `${count} topolog${count === 1 ? 'y' : 'ies'}`;

/** What became of a bulk action: a green note when all went well, a red one naming each that failed. */
function report(action: TopologyAction, results: TopologyActionResult[]) {
  const failed = results.filter((result) => !result.ok);
  const succeeded = results.length - failed.length;
  if (failed.length === 0) {
    notifications.show({ color: 'green', title: `${plural(succeeded)} ${DONE[action]}`, message: '' });
    return;
  }
  notifications.show({
    color: 'red',
    title: `${plural(failed.length)} failed, ${succeeded} ${DONE[action]}`,
    message: failed.map((result) => `${result.id}: ${result.error ?? 'failed'}`).join('\n'),
    autoClose: false,
  });
}

/**
 * Pause, Resume, Run or Delete (after a confirmation) the ticked rows in one request; each topology succeeds or
 * fails by itself. `onDone` clears the selection.
 */
export function BulkActionBar({ ids, onDone }: { ids: string[]; onDone: () => void }) {
  const { bulk } = useTopologyMutations();
  const [pending, setPending] = useState<TopologyAction | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);

  const act = (action: TopologyAction) => {
    setPending(action);
    bulk.mutate(
      { action, ids },
      {
        onSuccess: (results) => {
          report(action, results);
          setConfirmDelete(false);
          onDone();
        },
        onError: (error) =>
          notifications.show({
            color: 'red',
            title: 'The action failed',
            message: error instanceof Error ? error.message : String(error),
          }),
        onSettled: () => setPending(null),
      },
    );
  };

  const button = (action: TopologyAction, label: string, icon: ReactNode, color?: string) => (
    <Button
      size="xs"
      variant="light"
      color={color}
      leftSection={icon}
      loading={pending === action}
      disabled={pending !== null && pending !== action}
      onClick={() => (action === 'DELETE' ? setConfirmDelete(true) : act(action))}
    >
      {label}
    </Button>
  );

  return (
    <Paper withBorder p="xs" role="toolbar" aria-label="Bulk actions">
      <Group justify="space-between" gap="sm">
        <Text size="sm" fw={600}>
          {ids.length} selected
        </Text>
        <Group gap="xs">
          {button('PAUSE', 'Pause', <IconPlayerPause size={16} />, 'yellow')}
          {button('RESUME', 'Resume', <IconPlayerPlay size={16} />, 'green')}
          {button('RUN', 'Run now', <IconRocket size={16} />, 'indigo')}
          {button('DELETE', 'Delete', <IconTrash size={16} />, 'red')}
          <Button size="xs" variant="subtle" color="gray" leftSection={<IconX size={16} />} onClick={onDone}>
            Clear selection
          </Button>
        </Group>
      </Group>
      <ConfirmModal
        opened={confirmDelete}
        onClose={() => setConfirmDelete(false)}
        title={`Delete ${plural(ids.length)}?`}
        confirmLabel={`Delete ${plural(ids.length)}`}
        pending={pending === 'DELETE'}
        onConfirm={() => act('DELETE')}
      >
        {ids.join(', ')} will be deleted with their run history. This cannot be undone.
      </ConfirmModal>
    </Paper>
  );
}
