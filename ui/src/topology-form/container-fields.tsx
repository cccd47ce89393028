import { NumberInput, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { KeptSecrets } from './kept-secrets.js';
import { KeyValueRows } from './key-value-rows.js';
import { MONO_INPUT } from './mono.js';
import type { TopologyFormApi } from './use-topology-form.js';
import { VolumeRows } from './volume-rows.js';

export function ContainerFields({ form }: { form: TopologyFormApi }) {
  const container = form.values.container;
  return (
    <Stack>
      <TextInput
        label="Image"
        placeholder="registry:5000/team/app:1.2"
        {...form.getInputProps('container.image')}
        autoComplete="off"
        spellCheck={false}
        styles={MONO_INPUT}
        required
      />
      <SimpleGrid cols={{ base: 1, xs: 2 }}>
        <NumberInput
          label="CPUs"
          {...form.getInputProps('container.cpus')}
          min={1}
          max={128}
          allowDecimal={false}
        />
        <NumberInput
          label="Memory (MB)"
          {...form.getInputProps('container.memoryMB')}
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
        form={form}
        path="container.env"
        rows={container.env}
      />
      <KeptSecrets label="Secret environment" secrets={container.preserved.secretEnv} />
      <VolumeRows form={form} rows={container.volumes} />
      <Textarea
        label="Arguments"
        description="One argument per line"
        placeholder={'--verbose\n--input=/data'}
        {...form.getInputProps('container.args')}
        autosize
        minRows={2}
        maxRows={10}
        styles={MONO_INPUT}
        spellCheck={false}
      />
    </Stack>
  );
}
