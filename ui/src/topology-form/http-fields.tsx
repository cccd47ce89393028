import { Grid, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { HTTP_METHODS } from '@epoch/shared';
import { KeptSecrets } from './kept-secrets.js';
import { KeyValueRows } from './key-value-rows.js';
import { MONO_INPUT } from './mono.js';
import type { TopologyFormApi } from './use-topology-form.js';

export function HttpFields({ form }: { form: TopologyFormApi }) {
  const http = form.values.http;
  return (
    <Stack>
      <Grid gap="sm">
        <Grid.Col span={{ base: 12, sm: 3 }}>
          <Select
            label="Method"
            data={[...HTTP_METHODS]}
            {...form.getInputProps('http.method')}
            allowDeselect={false}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 9 }}>
          <TextInput
            label="URL"
            type="url"
            placeholder="https://example.com/hooks/nightly"
            {...form.getInputProps('http.url')}
            autoComplete="off"
            spellCheck={false}
            required
          />
        </Grid.Col>
      </Grid>
      <KeyValueRows
        legend="Headers"
        item="Header"
        keyPlaceholder="Content-Type"
        form={form}
        path="http.headers"
        rows={http.headers}
      />
      <KeptSecrets label="Secret headers" secrets={http.preserved.secretHeaders} />
      <Textarea
        label="Body"
        description="A JSON object or array is sent as JSON; anything else as text"
        {...form.getInputProps('http.body')}
        autosize
        minRows={3}
        maxRows={16}
        styles={MONO_INPUT}
        spellCheck={false}
      />
    </Stack>
  );
}
