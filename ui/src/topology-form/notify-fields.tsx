import { Checkbox, Grid, Select, Stack, TextInput } from '@mantine/core';
import { WEBHOOK_FORMATS } from '@epoch/shared';
import { ON_SUCCESS_DEFAULT, type NotifyKind } from './form-state.js';
import { LabeledSegmentedControl } from './labeled-segmented-control.js';
import type { TopologyFormApi } from './use-topology-form.js';

const KINDS: { value: NotifyKind; label: string }[] = [
  { value: 'NONE', label: 'None' },
  { value: 'MAIL', label: 'Email' },
  { value: 'WEBHOOK', label: 'Webhook' },
  { value: 'BLACKHOLE', label: 'Discard' },
];

/** Who hears of finished runs: mail, a webhook, or explicitly no one (BLACKHOLE). */
export function NotifyFields({ form }: { form: TopologyFormApi }) {
  const { notifyKind, notifyOnSuccess } = form.values;
  return (
    <Stack>
      <LabeledSegmentedControl
        label="Notification"
        value={notifyKind}
        data={KINDS}
        onChange={(kind) => {
          form.setFieldValue('notifyKind', kind);
          // onSuccess starts unset again: the defaults differ by type.
          form.setFieldValue('notifyOnSuccess', null);
        }}
      />
      {notifyKind === 'MAIL' && (
        <TextInput
          label="Notification emails"
          description="Comma separated"
          placeholder="ops@example.com, oncall@example.com"
          {...form.getInputProps('emails')}
          type="text"
          inputMode="email"
          autoComplete="off"
        />
      )}
      {notifyKind === 'WEBHOOK' && (
        <Grid gap="sm">
          <Grid.Col span={{ base: 12, sm: 9 }}>
            <TextInput
              label="Webhook URL"
              description="Called with each finished run"
              type="url"
              placeholder="https://hooks.example.com/epoch"
              {...form.getInputProps('webhookUrl')}
              autoComplete="off"
              spellCheck={false}
              required
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 3 }}>
            <Select
              label="Format"
              description="JSON event or Slack"
              data={[...WEBHOOK_FORMATS]}
              {...form.getInputProps('webhookFormat')}
              allowDeselect={false}
            />
          </Grid.Col>
        </Grid>
      )}
      {(notifyKind === 'MAIL' || notifyKind === 'WEBHOOK') && (
        <Checkbox
          label="Also when a run succeeds"
          checked={notifyOnSuccess ?? ON_SUCCESS_DEFAULT[notifyKind]}
          onChange={(event) => form.setFieldValue('notifyOnSuccess', event.currentTarget.checked)}
        />
      )}
    </Stack>
  );
}
