import { Divider, NumberInput, Radio, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import type { MisfirePolicy, OverlapPolicy } from './form-state.js';
import type { TopologyFormApi } from './use-topology-form.js';

const OVERLAP: { value: OverlapPolicy; label: string; description: string }[] = [
  { value: 'SKIP', label: 'Skip', description: 'A fire while the previous run is still going is skipped.' },
  { value: 'ALLOW', label: 'Allow', description: 'A new run starts alongside the one still going.' },
  {
    value: 'REPLACE',
    label: 'Replace',
    description: 'The run still going is cancelled and a new one starts.',
  },
];

const MISFIRE: { value: MisfirePolicy; label: string; description: string }[] = [
  {
    value: 'RUN_ONCE',
    label: 'Run once',
    description: 'Fires missed while no leader ran cause one catch-up run, within the starting deadline.',
  },
  { value: 'SKIP', label: 'Skip', description: 'Fires missed while no leader ran are dropped.' },
];

export function PolicyFields({ form }: { form: TopologyFormApi }) {
  const { state, error, update } = form;
  const leaf = state.taskKind !== 'COMPOSITE';
  return (
    <Stack>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg">
        <Radio.Group
          label="Overlap policy"
          value={state.overlapPolicy}
          onChange={(value) => update({ overlapPolicy: value as OverlapPolicy }, 'overlapPolicy')}
          error={error('overlapPolicy')}
        >
          <Stack gap="xs" mt="xs">
            {OVERLAP.map((option) => (
              <Radio
                key={option.value}
                value={option.value}
                label={option.label}
                description={option.description}
              />
            ))}
          </Stack>
        </Radio.Group>
        <Radio.Group
          label="Misfire policy"
          value={state.misfirePolicy}
          onChange={(value) => update({ misfirePolicy: value as MisfirePolicy }, 'misfirePolicy')}
          error={error('misfirePolicy')}
        >
          <Stack gap="xs" mt="xs">
            {MISFIRE.map((option) => (
              <Radio
                key={option.value}
                value={option.value}
                label={option.label}
                description={option.description}
              />
            ))}
          </Stack>
        </Radio.Group>
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
      <TextInput
        label="Notification emails"
        description="Comma separated; empty for none"
        placeholder="ops@example.com, oncall@example.com"
        value={state.emails}
        onChange={(event) => update({ emails: event.currentTarget.value }, 'notify.emails')}
        error={error('notify.emails')}
        type="text"
        inputMode="email"
        autoComplete="off"
      />
    </Stack>
  );
}
