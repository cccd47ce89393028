import { Fieldset, Grid, Select, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { emptyVolumeRow, type VolumeMode, type VolumeRow } from './form-state.js';
import { MONO_INPUT } from './mono.js';
import { AddRowButton, RemoveRowButton } from './row-buttons.js';
import type { RowsForm } from './rows-form.js';

const MODES: { value: VolumeMode; label: string }[] = [
  { value: 'READ_ONLY', label: 'Read-only' },
  { value: 'READ_WRITE', label: 'Read-write' },
];

const PATH = 'container.volumes';

export function VolumeRows({ form, rows }: { form: RowsForm<VolumeRow>; rows: VolumeRow[] }) {
  const [focusId, setFocusId] = useState<string>();
  const add = () => {
    const row = emptyVolumeRow();
    setFocusId(row.id);
    form.insertListItem(PATH, row);
  };
  return (
    <Fieldset legend="Volumes" variant="unstyled">
      <Stack gap="xs">
        {rows.length === 0 && (
          <Text size="sm" c="dimmed">
            None.
          </Text>
        )}
        {rows.map((row, index) => (
          <Grid key={row.id} gap="xs" align="flex-start">
            <Grid.Col span={{ base: 12, sm: 4 }}>
              <TextInput
                aria-label={`Volume ${index + 1} host path`}
                placeholder="Host path, e.g. /data"
                {...form.getInputProps(`${PATH}.${index}.pathOnHost`)}
                autoFocus={row.id === focusId}
                styles={MONO_INPUT}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 4 }}>
              <TextInput
                aria-label={`Volume ${index + 1} container path`}
                placeholder="Container path, e.g. /mnt/data"
                {...form.getInputProps(`${PATH}.${index}.pathInContainer`)}
                styles={MONO_INPUT}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 10, sm: 3 }}>
              <Select
                aria-label={`Volume ${index + 1} mode`}
                data={MODES}
                {...form.getInputProps(`${PATH}.${index}.mode`)}
                allowDeselect={false}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 2, sm: 1 }}>
              <RemoveRowButton
                label={`Remove volume ${index + 1}`}
                onClick={() => form.removeListItem(PATH, index)}
              />
            </Grid.Col>
          </Grid>
        ))}
        <AddRowButton label="Add volume" onClick={add} />
      </Stack>
    </Fieldset>
  );
}
