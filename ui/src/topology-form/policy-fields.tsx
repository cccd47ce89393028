import { Divider, NumberInput, Radio, SimpleGrid, Stack, Text } from '@mantine/core';
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

/** One policy as radios, each option with its one-line meaning. */
function PolicyRadios<P extends string>(props: {
  label: string;
  options: PolicyOption<P>[];
  value: P;
  onChange: (value: P) => void;
  error: string | undefined;
}) {
  return (
    <Radio.Group
      label={props.label}
      value={props.value}
      onChange={(value) => props.onChange(value as P)}
      error={props.error}
    >
      <Stack gap="xs" mt="xs">
        {props.options.map((option) => (
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
  const { state, error, update } = form;
  const leaf = state.taskKind !== 'COMPOSITE';
  return (
    <Stack>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg">
        <PolicyRadios
          label="Overlap policy"
          options={OVERLAP}
          value={state.overlapPolicy}
          onChange={(overlapPolicy) => update({ overlapPolicy }, 'overlapPolicy')}
          error={error('overlapPolicy')}
        />
        <PolicyRadios
          label="Misfire policy"
          options={MISFIRE}
          value={state.misfirePolicy}
          onChange={(misfirePolicy) => update({ misfirePolicy }, 'misfirePolicy')}
          error={error('misfirePolicy')}
        />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <NumberInput
          label="Starting deadline (seconds)"
          description="How late a missed fire may still start"
          value={state.startingDeadlineSeconds}
          onChange={(startingDeadlineSeconds) =>
            update({ startingDeadlineSeconds }, 'startingDeadlineSeconds')
          }
          error={error('startingDeadlineSeconds')}
          min={1}
          allowDecimal={false}
        />
        {leaf && (
          <NumberInput
            label="Task timeout (seconds)"
            description="The task is killed after this long; empty for none"
            value={state.timeoutSeconds}
            onChange={(timeoutSeconds) => update({ timeoutSeconds }, 'task.timeoutSeconds')}
            error={error('task.timeoutSeconds')}
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
              value={state.retryCount}
              onChange={(retryCount) => update({ retryCount }, 'task.retries.count')}
              error={error('task.retries.count')}
              min={0}
              max={20}
              allowDecimal={false}
            />
            <NumberInput
              label="Retry delay (seconds)"
              description="Before the first retry; default 10"
              value={state.retryDelaySeconds}
              onChange={(retryDelaySeconds) => update({ retryDelaySeconds }, 'task.retries.delaySeconds')}
              error={error('task.retries.delaySeconds')}
              min={0}
              disabled={state.retryCount === ''}
            />
            <NumberInput
              label="Backoff factor"
              description="Each delay times this; default 2"
              value={state.retryBackoffFactor}
              onChange={(retryBackoffFactor) => update({ retryBackoffFactor }, 'task.retries.backoffFactor')}
              error={error('task.retries.backoffFactor')}
              min={1}
              max={10}
              step={0.5}
              disabled={state.retryCount === ''}
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
