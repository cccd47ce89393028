import { Fieldset, Grid, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { emptyKeyValueRow, type KeyValueRow } from './form-state.js';
import { MONO_INPUT } from './mono.js';
import { AddRowButton, RemoveRowButton } from './row-buttons.js';

export interface KeyValueRowsProps {
  /** The fieldset's legend, e.g. "Environment". */
  legend: string;
  /** One row's name in labels, e.g. "Environment variable": "Environment variable 1 key". */
  item: string;
  keyPlaceholder?: string;
  valuePlaceholder?: string;
  rows: KeyValueRow[];
  /** `clears`: the error keys the change makes stale. */
  onChange: (rows: KeyValueRow[], ...clears: string[]) => void;
  /** Errors are keyed `${errorPrefix}.${index}.key`. */
  errorPrefix: string;
  error: (field: string) => string | undefined;
}

export function KeyValueRows(props: KeyValueRowsProps) {
  const { legend, item, rows, onChange, errorPrefix, error } = props;
  const [focusId, setFocusId] = useState<string>();
  const lower = item.toLowerCase();
  // Removing a row shifts the indexes the errors are keyed by, so all of them go.
  const allKeys = () => rows.map((_row, index) => `${errorPrefix}.${index}.key`);
  const add = () => {
    const row = emptyKeyValueRow();
    setFocusId(row.id);
    onChange([...rows, row]);
  };
  return (
    <Fieldset legend={legend} variant="unstyled">
      <Stack gap="xs">
        {rows.length === 0 && (
          <Text size="sm" c="dimmed">
            None.
          </Text>
        )}
        {rows.map((row, index) => {
          const n = index + 1;
          const replace = (patch: Partial<KeyValueRow>) =>
            onChange(
              rows.map((other) => (other.id === row.id ? { ...other, ...patch } : other)),
              `${errorPrefix}.${index}.key`,
            );
          return (
            <Grid key={row.id} gap="xs" align="flex-start">
              <Grid.Col span={{ base: 12, sm: 5 }}>
                <TextInput
                  aria-label={`${item} ${n} key`}
                  placeholder={props.keyPlaceholder ?? 'Name'}
                  value={row.key}
                  onChange={(event) => replace({ key: event.currentTarget.value })}
                  error={error(`${errorPrefix}.${index}.key`)}
                  autoFocus={row.id === focusId}
                  autoComplete="off"
                  styles={MONO_INPUT}
                />
              </Grid.Col>
              <Grid.Col span={{ base: 10, sm: 6 }}>
                <TextInput
                  aria-label={`${item} ${n} value`}
                  placeholder={props.valuePlaceholder ?? 'Value'}
                  value={row.value}
                  onChange={(event) => replace({ value: event.currentTarget.value })}
                  autoComplete="off"
                  styles={MONO_INPUT}
                />
              </Grid.Col>
              <Grid.Col span={{ base: 2, sm: 1 }}>
                <RemoveRowButton
                  label={`Remove ${lower} ${n}`}
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
        <AddRowButton label={`Add ${lower}`} onClick={add} />
      </Stack>
    </Fieldset>
  );
}
