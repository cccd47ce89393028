import { Grid, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { HTTP_METHODS } from '@epoch/shared';
import type { HttpMethod } from './form-state.js';
import { KeptSecrets } from './kept-secrets.js';
import { KeyValueRows } from './key-value-rows.js';
import { MONO_INPUT } from './mono.js';
import type { TopologyFormApi } from './use-topology-form.js';

export function HttpFields({ form }: { form: TopologyFormApi }) {
  const { state, error, updateHttp } = form;
  const http = state.http;
  return (
    <Stack>
      <Grid gap="sm">
        <Grid.Col span={{ base: 12, sm: 3 }}>
          <Select
            label="Method"
            data={[...HTTP_METHODS]}
            value={http.method}
            onChange={(method) => method && updateHttp({ method: method as HttpMethod }, 'task.method')}
            error={error('task.method')}
            allowDeselect={false}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 9 }}>
          <TextInput
            label="URL"
            type="url"
            placeholder="https://example.com/hooks/nightly"
            value={http.url}
            onChange={(event) => updateHttp({ url: event.currentTarget.value }, 'task.url')}
            error={error('task.url')}
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
        rows={http.headers}
        onChange={(headers, ...clears) => updateHttp({ headers }, ...clears)}
        errorPrefix="task.headers"
        error={error}
      />
      <KeptSecrets label="Secret headers" secrets={http.preserved.secretHeaders} />
      <Textarea
        label="Body"
        description="A JSON object or array is sent as JSON; anything else as text"
        value={http.body}
        onChange={(event) => updateHttp({ body: event.currentTarget.value }, 'task.body')}
        error={error('task.body')}
        autosize
        minRows={3}
        maxRows={16}
        styles={MONO_INPUT}
        spellCheck={false}
      />
    </Stack>
  );
}
