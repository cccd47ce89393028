import { Divider, NumberInput, Radio, SimpleGrid, Stack, Text } from '@mantine/core';
import type { GetInputPropsReturnType } from '@mantine/form';
import type { MisfirePolicy, OverlapPolicy } from './form-state.js';
import { NotifyFields } from './notify-fields.js';
import type { TopologyFormApi } from './use-topology-form.js';

interface PolicyOption<P extends string> {
  value: P;
  label: string;
  description: string;
}

const OVERLAP: PolicyOption<OverlapPolicy>[] = [
  { value: 'SKIP', label: 'Skip', description: 'A fire while the previous run is still going is skipped.' },
  { value: 'ALLOW', label: 'Allow', description: 'A new run starts alongside the one still going.' },
  {
    value: 'REPLACE',
    label: 'Replace',
    description: 'The run still going is cancelled and a new one starts.',
  },
];

const MISFIRE: PolicyOption<MisfirePolicy>[] = [
  {
    value: 'RUN_ONCE',
    label: 'Run once',
    description: 'Fires missed while no leader ran cause one catch-up run, within the starting deadline.',
  },
  { value: 'SKIP', label: 'Skip', description: 'Fires missed while no leader ran are dropped.' },
];

/** One policy as radios, each option with its one-line meaning; `input` is the form's props for it. */
function PolicyRadios({
  label,
  options,
  input,
}: {
  label: string;
  options: PolicyOption<string>[];
  input: GetInputPropsReturnType;
}) {
  return (
    <Radio.Group label={label} {...input}>
      <Stack gap="xs" mt="xs">
        {options.map((option) => (
          <Radio
            key={option.value}
            value={option.value}
            label={option.label}
            description={option.description}
          />
        ))}
      </Stack>
    </Radio.Group>
  );
}

export function PolicyFields({ form }: { form: TopologyFormApi }) {
  const leaf = form.values.taskKind !== 'COMPOSITE';
  const noRetries = form.values.retryCount === '';
  return (
    <Stack>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg">
        <PolicyRadios label="Overlap policy" options={OVERLAP} input={form.getInputProps('overlapPolicy')} />
        <PolicyRadios label="Misfire policy" options={MISFIRE} input={form.getInputProps('misfirePolicy')} />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <NumberInput
          label="Starting deadline (seconds)"
          description="How late a missed fire may still start"
          {...form.getInputProps('startingDeadlineSeconds')}
          min={1}
          allowDecimal={false}
        />
        {leaf && (
          <NumberInput
            label="Task timeout (seconds)"
            description="The task is killed after this long; empty for none"
            {...form.getInputProps('timeoutSeconds')}
            min={1}
            allowDecimal={false}
          />
        )}
      </SimpleGrid>
      {leaf ? (
        <>
          <Divider label="Retries" labelPosition="left" />
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <NumberInput
              label="Retries"
              description="Empty for none"
              {...form.getInputProps('retryCount')}
              min={0}
              max={20}
              allowDecimal={false}
            />
            <NumberInput
              label="Retry delay (seconds)"
              description="Before the first retry; default 10"
              {...form.getInputProps('retryDelaySeconds')}
              min={0}
              disabled={noRetries}
            />
            <NumberInput
              label="Backoff factor"
              description="Each delay times this; default 2"
              {...form.getInputProps('retryBackoffFactor')}
              min={1}
              max={10}
              step={0.5}
              disabled={noRetries}
            />
          </SimpleGrid>
        </>
      ) : (
        <Text size="sm" c="dimmed">
          Timeouts and retries of a composite are set on its tasks.
        </Text>
      )}
      <Divider label="Notifications" labelPosition="left" />
      <NotifyFields form={form} />
    </Stack>
  );
}
