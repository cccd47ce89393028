import { Button } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import type { TopologyDetails } from '@epoch/shared';
import { IconTrash } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { keys, useTopologyMutations } from '../../api/queries.js';
import { ConfirmModal } from '../../common/confirm-modal.js';

/** "Delete", confirmed in a modal since it also cancels running runs and drops the run history. */
export function DeleteTopologyButton({ details }: { details: TopologyDetails }) {
  const [opened, { open, close }] = useDisclosure(false);
  const { remove } = useTopologyMutations();
  const client = useQueryClient();
  const navigate = useNavigate();
  const name = details.topology.name;

  const confirm = () =>
    remove.mutate(details.id, {
      onSuccess: () => {
        notifications.show({ color: 'green', message: `Topology ${name} deleted` });
        close();
        void navigate('/topologies');
        // Nothing will ask for them again; refetching them would only earn 404s.
        client.removeQueries({ queryKey: keys.topology(details.id) });
        client.removeQueries({ queryKey: keys.runsOf(details.id) });
      },
      onError: (error) =>
        notifications.show({ color: 'red', title: `Could not delete ${name}`, message: error.message }),
    });

  return (
    <>
      <Button color="red" variant="outline" size="md" leftSection={<IconTrash size={18} />} onClick={open}>
        Delete
      </Button>
      <ConfirmModal
        opened={opened}
        onClose={close}
        title={`Delete topology ${name}?`}
        confirmLabel="Delete topology"
        pending={remove.isPending}
        onConfirm={confirm}
      >
        Its running runs are cancelled and its whole run history is removed. This cannot be undone.
      </ConfirmModal>
    </>
  );
}
