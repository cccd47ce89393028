import { SimpleGrid, Stack, TextInput } from '@mantine/core';
import { CronPreviewPanel } from './cron-preview-panel.js';
import type { TriggerType } from './form-state.js';
import { LabeledSegmentedControl } from './labeled-segmented-control.js';
import { MONO_INPUT } from './mono.js';
import { RunAtInput } from './run-at-input.js';
import { TimeZoneSelect } from './time-zone-select.js';
import type { TopologyFormApi } from './use-topology-form.js';
import { useLiveCronPreview } from './use-live-cron-preview.js';

const TRIGGER_TYPES: { value: TriggerType; label: string }[] = [
  { value: 'CRON', label: 'CRON' },
  { value: 'AT', label: 'AT' },
];

export function TriggerFields({ form }: { form: TopologyFormApi }) {
  const { state, error, update } = form;
  const isCron = state.triggerType === 'CRON';
  const preview = useLiveCronPreview(state.timeSpec, state.timeZone, isCron);
  const timeZone = (
    <TimeZoneSelect
      value={state.timeZone}
      onChange={(timeZone) => update({ timeZone }, 'trigger.timeZone', 'trigger.time')}
      error={error('trigger.timeZone')}
    />
  );
  return (
    <Stack>
      <LabeledSegmentedControl
        label="Trigger type"
        value={state.triggerType}
        data={TRIGGER_TYPES}
        onChange={(triggerType) =>
          update({ triggerType }, 'trigger.timeSpec', 'trigger.time', 'trigger.timeZone')
        }
      />
      {isCron ? (
        <>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label="Cron expression"
              description="Quartz: seconds minutes hours day-of-month month day-of-week [year]"
              placeholder="0 */5 * * * ?"
              value={state.timeSpec}
              onChange={(event) => update({ timeSpec: event.currentTarget.value }, 'trigger.timeSpec')}
              error={error('trigger.timeSpec') ?? preview.invalidMessage}
              styles={MONO_INPUT}
              autoComplete="off"
              spellCheck={false}
              required
            />
            {timeZone}
          </SimpleGrid>
          <CronPreviewPanel preview={preview} timeZone={state.timeZone} />
        </>
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <RunAtInput
            value={state.runAt}
            onChange={(runAt) => update({ runAt }, 'trigger.time')}
            error={error('trigger.time')}
          />
          {timeZone}
        </SimpleGrid>
      )}
    </Stack>
  );
}
