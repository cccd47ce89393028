import { Checkbox, Grid, Select, Stack, TextInput } from '@mantine/core';
import { WEBHOOK_FORMATS, type WebhookFormat } from '@epoch/shared';
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
  const { state, error, update } = form;
  return (
    <Stack>
      <LabeledSegmentedControl
        label="Notification"
        value={state.notifyKind}
        data={KINDS}
        onChange={(notifyKind) =>
          // onSuccess starts unset again: the defaults differ by type.
          update({ notifyKind, notifyOnSuccess: null }, 'notify.emails', 'notify.url', 'notify.format')
        }
      />
      {state.notifyKind === 'MAIL' && (
        <TextInput
          label="Notification emails"
          description="Comma separated"
          placeholder="ops@example.com, oncall@example.com"
          value={state.emails}
          onChange={(event) => update({ emails: event.currentTarget.value }, 'notify.emails')}
          error={error('notify.emails')}
          type="text"
          inputMode="email"
          autoComplete="off"
        />
      )}
      {state.notifyKind === 'WEBHOOK' && (
        <Grid gap="sm">
          <Grid.Col span={{ base: 12, sm: 9 }}>
            <TextInput
              label="Webhook URL"
              description="Called with each finished run"
              type="url"
              placeholder="https://hooks.example.com/epoch"
              value={state.webhookUrl}
              onChange={(event) => update({ webhookUrl: event.currentTarget.value }, 'notify.url')}
              error={error('notify.url')}
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
              value={state.webhookFormat}
              onChange={(format) =>
                format && update({ webhookFormat: format as WebhookFormat }, 'notify.format')
              }
              error={error('notify.format')}
              allowDeselect={false}
            />
          </Grid.Col>
        </Grid>
      )}
      {(state.notifyKind === 'MAIL' || state.notifyKind === 'WEBHOOK') && (
        <Checkbox
          label="Also when a run succeeds"
          checked={state.notifyOnSuccess ?? ON_SUCCESS_DEFAULT[state.notifyKind]}
          onChange={(event) => update({ notifyOnSuccess: event.currentTarget.checked })}
        />
      )}
    </Stack>
  );
}
