import { NumberInput, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { KeptSecrets } from './kept-secrets.js';
import { KeyValueRows } from './key-value-rows.js';
import { MONO_INPUT } from './mono.js';
import type { TopologyFormApi } from './use-topology-form.js';
import { VolumeRows } from './volume-rows.js';

export function ContainerFields({ form }: { form: TopologyFormApi }) {
  const { state, error, updateContainer } = form;
  const container = state.container;
  return (
    <Stack>
      <TextInput
        label="Image"
        placeholder="registry:5000/team/app:1.2"
        value={container.image}
        onChange={(event) => updateContainer({ image: event.currentTarget.value }, 'task.executable.url')}
        error={error('task.executable.url')}
        autoComplete="off"
        spellCheck={false}
        styles={MONO_INPUT}
        required
      />
      <SimpleGrid cols={{ base: 1, xs: 2 }}>
        <NumberInput
          label="CPUs"
          value={container.cpus}
          onChange={(cpus) => updateContainer({ cpus }, 'task.cpus')}
          error={error('task.cpus')}
          min={1}
          max={128}
          allowDecimal={false}
        />
        <NumberInput
          label="Memory (MB)"
          value={container.memoryMB}
          onChange={(memoryMB) => updateContainer({ memoryMB }, 'task.memoryMB')}
          error={error('task.memoryMB')}
          min={4}
          step={64}
          allowDecimal={false}
          thousandSeparator=","
        />
      </SimpleGrid>
      <KeyValueRows
        legend="Environment"
        item="Environment variable"
        keyPlaceholder="NAME"
        rows={container.env}
        onChange={(env, ...clears) => updateContainer({ env }, ...clears)}
        errorPrefix="task.env"
        error={error}
      />
      <KeptSecrets label="Secret environment" secrets={container.preserved.secretEnv} />
      <VolumeRows
        rows={container.volumes}
        onChange={(volumes, ...clears) => updateContainer({ volumes }, ...clears)}
        error={error}
      />
      <Textarea
        label="Arguments"
        description="One argument per line"
        placeholder={'--verbose\n--input=/data'}
        value={container.args}
        onChange={(event) => updateContainer({ args: event.currentTarget.value }, 'task.args')}
        error={error('task.args')}
        autosize
        minRows={2}
        maxRows={10}
        styles={MONO_INPUT}
        spellCheck={false}
      />
    </Stack>
  );
}
