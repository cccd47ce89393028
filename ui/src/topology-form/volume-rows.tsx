import { Fieldset, Grid, Select, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { emptyVolumeRow, type VolumeMode, type VolumeRow } from './form-state.js';
import { MONO_INPUT } from './mono.js';
import { AddRowButton, RemoveRowButton } from './row-buttons.js';

const MODES: { value: VolumeMode; label: string }[] = [
  { value: 'READ_ONLY', label: 'Read-only' },
  { value: 'READ_WRITE', label: 'Read-write' },
];

const PATH_FIELDS = ['pathOnHost', 'pathInContainer', 'mode'] as const;

export function VolumeRows({
  rows,
  onChange,
  error,
}: {
  rows: VolumeRow[];
  onChange: (rows: VolumeRow[], ...clears: string[]) => void;
  error: (field: string) => string | undefined;
}) {
  const [focusId, setFocusId] = useState<string>();
  const key = (index: number, field: (typeof PATH_FIELDS)[number]) => `task.volumes.${index}.${field}`;
  // Removing a row shifts the indexes the errors are keyed by, so all of them go.
  const allKeys = () => rows.flatMap((_row, index) => PATH_FIELDS.map((field) => key(index, field)));
  const add = () => {
    const row = emptyVolumeRow();
    setFocusId(row.id);
    onChange([...rows, row]);
  };
  return (
    <Fieldset legend="Volumes" variant="unstyled">
      <Stack gap="xs">
        {rows.length === 0 && (
          <Text size="sm" c="dimmed">
            None.
          </Text>
        )}
        {rows.map((row, index) => {
          const n = index + 1;
          const replace = (patch: Partial<VolumeRow>, field: (typeof PATH_FIELDS)[number]) =>
            onChange(
              rows.map((other) => (other.id === row.id ? { ...other, ...patch } : other)),
              key(index, field),
            );
          return (
            <Grid key={row.id} gap="xs" align="flex-start">
              <Grid.Col span={{ base: 12, sm: 4 }}>
                <TextInput
                  aria-label={`Volume ${n} host path`}
                  placeholder="Host path, e.g. /data"
                  value={row.pathOnHost}
                  onChange={(event) => replace({ pathOnHost: event.currentTarget.value }, 'pathOnHost')}
                  error={error(key(index, 'pathOnHost'))}
                  autoFocus={row.id === focusId}
                  styles={MONO_INPUT}
                />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 4 }}>
                <TextInput
                  aria-label={`Volume ${n} container path`}
                  placeholder="Container path, e.g. /mnt/data"
                  value={row.pathInContainer}
                  onChange={(event) =>
                    replace({ pathInContainer: event.currentTarget.value }, 'pathInContainer')
                  }
                  error={error(key(index, 'pathInContainer'))}
                  styles={MONO_INPUT}
                />
              </Grid.Col>
              <Grid.Col span={{ base: 10, sm: 3 }}>
                <Select
                  aria-label={`Volume ${n} mode`}
                  data={MODES}
                  value={row.mode}
                  onChange={(mode) => mode && replace({ mode: mode as VolumeMode }, 'mode')}
                  allowDeselect={false}
                  error={error(key(index, 'mode'))}
                />
              </Grid.Col>
              <Grid.Col span={{ base: 2, sm: 1 }}>
                <RemoveRowButton
                  label={`Remove volume ${n}`}
                  onClick={() =>
                    onChange(
                      rows.filter((other) => other.id !== row.id),
                      ...allKeys(),
                    )
                  }
                />
              </Grid.Col>
            </Grid>
          );
        })}
        <AddRowButton label="Add volume" onClick={add} />
      </Stack>
    </Fieldset>
  );
}
