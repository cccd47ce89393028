import { Group, List, Loader, Paper, Text } from '@mantine/core';
import { useId } from 'react';
import { formatDateTime } from '../common/describe-trigger.js';
import type { LiveCronPreview } from './use-live-cron-preview.js';

function Body({ preview, timeZone }: { preview: LiveCronPreview; timeZone: string }) {
  if (preview.expression === '') {
    return <Text c="dimmed">Enter an expression to see when it fires.</Text>;
  }
  if (preview.error) {
    return (
      <Text c="red">
        Preview unavailable: {preview.error instanceof Error ? preview.error.message : String(preview.error)}
      </Text>
    );
  }
  if (preview.invalidMessage) return <Text c="dimmed">No fire times: the expression is invalid.</Text>;
  if (preview.fireTimes.length === 0) {
    return preview.loading ? null : <Text c="dimmed">This expression never fires again.</Text>;
  }
  return (
    <List size="sm" spacing={2} ff="monospace">
      {preview.fireTimes.map((ms) => (
        <List.Item key={ms}>{formatDateTime(ms, timeZone)}</List.Item>
      ))}
    </List>
  );
}

/** The next five fire times, in the trigger's zone, as the server's Quartz engine computes them. */
export function CronPreviewPanel({ preview, timeZone }: { preview: LiveCronPreview; timeZone: string }) {
  const titleId = useId();
  return (
    <Paper withBorder p="sm" radius="md" bg="var(--mantine-color-default-hover)">
      <Group justify="space-between" mb={4}>
        <Text size="sm" fw={500} id={titleId}>
          Next fire times
        </Text>
        {preview.loading && <Loader size="xs" aria-label="Loading preview" />}
      </Group>
      <div role="region" aria-labelledby={titleId} aria-live="polite">
        <Body preview={preview} timeZone={timeZone} />
      </div>
    </Paper>
  );
}
