import { Fieldset, Grid, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { emptyKeyValueRow, type KeyValueRow } from './form-state.js';
import { MONO_INPUT } from './mono.js';
import { AddRowButton, RemoveRowButton } from './row-buttons.js';
import type { RowsForm } from './rows-form.js';

export interface KeyValueRowsProps {
  /** The fieldset's legend, e.g. "Environment". */
  legend: string;
  /** One row's name in labels, e.g. "Environment variable": "Environment variable 1 key". */
  item: string;
  keyPlaceholder?: string;
  valuePlaceholder?: string;
  form: RowsForm<KeyValueRow>;
  /** The rows' list in the form's values; a row's error is at `${path}.${index}.key`. */
  path: string;
  rows: KeyValueRow[];
}

export function KeyValueRows({ legend, item, form, path, rows, ...props }: KeyValueRowsProps) {
  const [focusId, setFocusId] = useState<string>();
  const lower = item.toLowerCase();
  const add = () => {
    const row = emptyKeyValueRow();
    setFocusId(row.id);
    form.insertListItem(path, row);
  };
  return (
    <Fieldset legend={legend} variant="unstyled">
      <Stack gap="xs">
        {rows.length === 0 && (
          <Text size="sm" c="dimmed">
            None.
          </Text>
        )}
        {rows.map((row, index) => (
          <Grid key={row.id} gap="xs" align="flex-start">
            <Grid.Col span={{ base: 12, sm: 5 }}>
              <TextInput
                aria-label={`${item} ${index + 1} key`}
                placeholder={props.keyPlaceholder ?? 'Name'}
                {...form.getInputProps(`${path}.${index}.key`)}
                autoFocus={row.id === focusId}
                autoComplete="off"
                styles={MONO_INPUT}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 10, sm: 6 }}>
              <TextInput
                aria-label={`${item} ${index + 1} value`}
                placeholder={props.valuePlaceholder ?? 'Value'}
                {...form.getInputProps(`${path}.${index}.value`)}
                autoComplete="off"
                styles={MONO_INPUT}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 2, sm: 1 }}>
              <RemoveRowButton
                label={`Remove ${lower} ${index + 1}`}
                onClick={() => form.removeListItem(path, index)}
              />
            </Grid.Col>
          </Grid>
        ))}
        <AddRowButton label={`Add ${lower}`} onClick={add} />
      </Stack>
    </Fieldset>
  );
}
