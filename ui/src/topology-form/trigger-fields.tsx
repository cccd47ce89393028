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
  const { triggerType, timeSpec, timeZone } = form.values;
  const isCron = triggerType === 'CRON';
  const preview = useLiveCronPreview(timeSpec, timeZone, isCron);
  // Whether the AT time is in the future depends on the zone it is read in.
  form.watch('timeZone', () => form.clearFieldError('runAt'));
  const timeZoneSelect = <TimeZoneSelect {...form.getInputProps('timeZone')} />;
  const cron = form.getInputProps('timeSpec');
  return (
    <Stack>
      <LabeledSegmentedControl
        label="Trigger type"
        value={triggerType}
        data={TRIGGER_TYPES}
        onChange={(type) => form.setFieldValue('triggerType', type)}
      />
      {isCron ? (
        <>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label="Cron expression"
              description="Quartz: seconds minutes hours day-of-month month day-of-week [year]"
              placeholder="0 */5 * * * ?"
              {...cron}
              error={cron.error ?? preview.invalidMessage}
              styles={MONO_INPUT}
              autoComplete="off"
              spellCheck={false}
              required
            />
            {timeZoneSelect}
          </SimpleGrid>
          <CronPreviewPanel preview={preview} timeZone={timeZone} />
        </>
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <RunAtInput {...form.getInputProps('runAt')} />
          {timeZoneSelect}
        </SimpleGrid>
      )}
    </Stack>
  );
}
