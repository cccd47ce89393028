import type { Task } from '@epoch/shared';
import { Group, Text } from '@mantine/core';
import { IconBrandDocker, IconStack2, IconWebhook } from '@tabler/icons-react';
import { summarizeTask } from './task-summary.js';

const ICONS = { CONTAINER_EXECUTION: IconBrandDocker, HTTP: IconWebhook, COMPOSITE: IconStack2 } as const;
const KIND_LABELS = { CONTAINER_EXECUTION: 'Container', HTTP: 'HTTP', COMPOSITE: 'Composite' } as const;

export function TaskCell({ task }: { task: Task }) {
  const Icon = ICONS[task.type];
  const summary = summarizeTask(task);
  return (
    <Group gap={6} wrap="nowrap" maw={180}>
      <Icon size={16} stroke={1.6} aria-label={KIND_LABELS[task.type]} role="img" style={{ flexShrink: 0 }} />
      <Text size="sm" ff="monospace" truncate="end" title={summary}>
        {summary}
      </Text>
    </Group>
  );
}
