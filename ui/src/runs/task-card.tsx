import {
  Alert,
  Badge,
  Card,
  Code,
  DataList,
  Group,
  ScrollArea,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import type { LeafTask, RunTaskInfo } from '@epoch/shared';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useId } from 'react';
import { useCanWrite } from '../auth/use-current-user.js';
import { formatDateTime, formatDuration } from '../common/describe-trigger.js';
import { StateBadge } from '../common/state-badge.js';
import { Field } from '../topologies/detail/field.js';
import { isLiveTask, taskDuration } from '../topologies/detail/run-timing.js';
import { useNow } from '../topologies/detail/use-now.js';
import { KillTaskButton } from './kill-task-button.js';
import { LogViewer } from './log-viewer.js';

export interface TaskCardProps {
  topologyId: string;
  runId: string;
  taskName: string;
  info: RunTaskInfo;
  /** The task in the topology's current definition; absent while that loads or if the task was renamed. */
  definition?: LeafTask;
}

/** One task of a run: its state, outcome and timings, and its log or HTTP response. */
export function TaskCard({ topologyId, runId, taskName, info, definition }: TaskCardProps) {
  const headingId = useId();
  const live = isLiveTask(info);
  const canWrite = useCanWrite();
  const now = useNow(live && info.startedAt !== undefined);
  const duration = taskDuration(info, now);
  // Without the definition, an HTTP status or body recorded in the run still tells an HTTP task apart.
  const isHttp = definition
    ? definition.type === 'HTTP'
    : info.httpStatus !== undefined || info.responseBody !== undefined;

  return (
    <Card withBorder padding="md" component="section" aria-labelledby={headingId}>
      <Stack gap="sm">
        <Group justify="space-between" gap="xs">
          <Group gap="xs" style={{ minWidth: 0 }}>
            <Title order={4} id={headingId} style={{ overflowWrap: 'anywhere' }}>
              {taskName}
            </Title>
            <StateBadge state={info.state} />
            <Badge variant="outline" size="sm" color="gray">
              {isHttp ? 'HTTP' : 'Container'}
            </Badge>
          </Group>
          {live && canWrite && (
            <KillTaskButton
              topologyId={topologyId}
              runId={runId}
              taskName={taskName}
              describedBy={headingId}
            />
          )}
        </Group>

        {info.errorMessage && (
          <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} p="xs">
            <Text size="sm" c="red" style={{ overflowWrap: 'anywhere' }}>
              {info.errorMessage}
            </Text>
          </Alert>
        )}

        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <DataList size="sm" gap="xs" labelWidth="7rem">
            <Field label="Attempts">{info.attempts ?? 0}</Field>
            {isHttp ? (
              <Field label="HTTP status">{info.httpStatus ?? '—'}</Field>
            ) : (
              <Field label="Exit code">{info.exitCode ?? '—'}</Field>
            )}
            {info.upstreamId && (
              <Field label="Container">
                <Code title={info.upstreamId}>{info.upstreamId.slice(0, 12)}</Code>
              </Field>
            )}
          </DataList>
          <DataList size="sm" gap="xs" labelWidth="7rem">
            <Field label="Started">{info.startedAt ? formatDateTime(info.startedAt) : '—'}</Field>
            <Field label="Finished">{info.finishedAt ? formatDateTime(info.finishedAt) : '—'}</Field>
            <Field label="Duration">{duration === undefined ? '—' : formatDuration(duration)}</Field>
          </DataList>
        </SimpleGrid>

        {isHttp ? (
          <Stack gap={4}>
            <Text fw={500} size="sm">
              Response body
            </Text>
            {info.responseBody ? (
              <ScrollArea.Autosize mah={300} type="auto">
                <Code block aria-label={`Response body of ${taskName}`}>
                  {info.responseBody}
                </Code>
              </ScrollArea.Autosize>
            ) : (
              <Text size="sm" c="dimmed">
                {info.httpStatus === undefined ? 'No response yet.' : 'The response had no body.'} HTTP tasks
                have no log.
              </Text>
            )}
          </Stack>
        ) : (
          <LogViewer
            topologyId={topologyId}
            runId={runId}
            taskName={taskName}
            taskState={info.state}
            attempts={info.attempts ?? 0}
          />
        )}
      </Stack>
    </Card>
  );
}
