import { Alert, Group, Loader, Stack, Text } from '@mantine/core';
import type { TaskRunState } from '@epoch/shared';
import { IconInfoCircle } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { LogActions } from './log/log-actions.js';
import { LogLinesView } from './log/log-lines-view.js';
import { LogSearch } from './log/log-search.js';
import { useLogSearch } from './log/use-log-search.js';
import { useLogStream } from './use-log-stream.js';

const LIVE_STATES: TaskRunState[] = ['STARTING', 'RUNNING'];
const RETRY_MS = 3_000;

export interface LogViewerProps {
  topologyId: string;
  runId: string;
  taskName: string;
  taskState: TaskRunState;
  /** Launches so far; the log of each is its own container's. */
  attempts: number;
}

/**
 * A container task's log: followed live while the task runs, any attempt's, in its colours, to search, copy
 * or download.
 */
export function LogViewer({ topologyId, runId, taskName, taskState, attempts }: LogViewerProps) {
  const [chosenAttempt, setChosenAttempt] = useState<number | null>(null);
  const attempt = Math.min(chosenAttempt ?? attempts, attempts);
  const live = LIVE_STATES.includes(taskState);
  const follow = live && attempt === attempts;
  const { log, status, error, reload } = useLogStream({
    topologyId,
    runId,
    taskName,
    attempt,
    follow,
    enabled: attempts > 0,
  });

  const search = useLogSearch(log.lines);

  // While the task runs, a missing log is usually one not created yet: try again shortly.
  useEffect(() => {
    if (status !== 'error' || !live) return;
    const timer = setTimeout(reload, RETRY_MS);
    return () => clearTimeout(timer);
  }, [status, live, reload]);

  if (attempts === 0) {
    return (
      <Alert variant="light" color="gray" icon={<IconInfoCircle size={18} />} title="No log yet">
        {live || taskState === 'PENDING'
          ? 'The task has not started: its container, and so its log, does not exist yet.'
          : 'The task never started, so it has no log.'}
      </Alert>
    );
  }

  const hasLines = log.lines.length > 0;
  return (
    <Stack gap="xs">
      <Group justify="space-between" gap="xs">
        <Group gap="xs">
          <Text fw={500} size="sm">
            Log
          </Text>
          <LogStatusText status={status} follow={follow} />
        </Group>
        <Group gap="xs" maw="100%">
          <LogSearch taskName={taskName} search={search} />
          <LogActions
            taskName={taskName}
            runId={runId}
            log={log}
            attempt={attempt}
            attempts={attempts}
            onAttemptChange={(next) => setChosenAttempt(next === attempts ? null : next)}
            onReload={!follow && (status === 'ended' || status === 'error') ? reload : undefined}
          />
        </Group>
      </Group>
      {status === 'error' && error && (
        <Alert
          variant="light"
          color={live ? 'gray' : 'red'}
          icon={<IconInfoCircle size={18} />}
          title={live ? 'Waiting for the log' : 'No log'}
        >
          {error}
        </Alert>
      )}
      {log.truncated && (
        <Text size="xs" c="dimmed">
          … the start of this long log is not shown
        </Text>
      )}
      {(hasLines || status !== 'error') && (
        <LogLinesView
          lines={log.lines}
          label={`Log of ${taskName}`}
          matches={search.byLine}
          current={search.current}
          seek={search.seek}
          follow={follow}
          placeholder={status === 'ended' ? '(no output)' : undefined}
        />
      )}
    </Stack>
  );
}

function LogStatusText({ status, follow }: { status: string; follow: boolean }) {
  const content =
    status === 'connecting' ? (
      <>
        <Loader size={12} /> Connecting…
      </>
    ) : status === 'streaming' && follow ? (
      <>
        <Loader size={12} type="dots" /> Following live output
      </>
    ) : status === 'streaming' ? (
      'Loading…'
    ) : status === 'ended' ? (
      'End of log'
    ) : null;
  return (
    <Text
      size="xs"
      c="dimmed"
      aria-live="polite"
      component="span"
      style={{ display: 'inline-flex', gap: 6, alignItems: 'center' }}
    >
      {content}
    </Text>
  );
}
