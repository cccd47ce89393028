import { ActionIcon, Button } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';

/** The trash icon ending an editable row (env, headers, volumes). */
export function RemoveRowButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <ActionIcon variant="subtle" color="red" size="lg" aria-label={label} onClick={onClick}>
      <IconTrash size={18} />
    </ActionIcon>
  );
}

/** "Add …" under a list of editable rows. */
export function AddRowButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <div>
      <Button variant="light" size="xs" leftSection={<IconPlus size={14} />} onClick={onClick}>
        {label}
      </Button>
    </div>
  );
}
