import {
  Alert,
  Box,
  Button,
  CopyButton,
  Group,
  Loader,
  ScrollArea,
  Select,
  Stack,
  Text,
} from '@mantine/core';
import type { TaskRunState } from '@epoch/shared';
import {
  IconArrowDown,
  IconCheck,
  IconCopy,
  IconDownload,
  IconInfoCircle,
  IconRefresh,
} from '@tabler/icons-react';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useLogStream } from './use-log-stream.js';

const LIVE_STATES: TaskRunState[] = ['STARTING', 'RUNNING'];
/** Within this many pixels of the end counts as "at the bottom", where new output keeps the view scrolled. */
const BOTTOM_SLACK = 24;
const RETRY_MS = 3_000;

export interface LogViewerProps {
  topologyId: string;
  runId: string;
  taskName: string;
  taskState: TaskRunState;
  /** Launches so far; the log of each is its own container's. */
  attempts: number;
}

/** A container task's log: followed live while the task runs, any attempt's, to copy or download. */
export function LogViewer({ topologyId, runId, taskName, taskState, attempts }: LogViewerProps) {
  const [chosenAttempt, setChosenAttempt] = useState<number | null>(null);
  const attempt = Math.min(chosenAttempt ?? attempts, attempts);
  const live = LIVE_STATES.includes(taskState);
  const follow = live && attempt === attempts;
  const log = useLogStream({ topologyId, runId, taskName, attempt, follow, enabled: attempts > 0 });
  const { text, status, error, truncated, reload } = log;

  const viewport = useRef<HTMLDivElement>(null);
  const stickToBottom = useRef(true);
  const [atBottom, setAtBottom] = useState(true);

  useLayoutEffect(() => {
    const element = viewport.current;
    if (element && stickToBottom.current) element.scrollTop = element.scrollHeight;
  }, [text]);

  // While the task runs, a missing log is usually one not created yet: try again shortly.
  useEffect(() => {
    if (status !== 'error' || !live) return;
    const timer = setTimeout(reload, RETRY_MS);
    return () => clearTimeout(timer);
  }, [status, live, reload]);

  const onScroll = () => {
    const element = viewport.current;
    if (!element) return;
    const bottom = element.scrollHeight - element.scrollTop - element.clientHeight <= BOTTOM_SLACK;
    stickToBottom.current = bottom;
    setAtBottom(bottom);
  };

  const scrollToEnd = () => {
    const element = viewport.current;
    if (!element) return;
    stickToBottom.current = true;
    element.scrollTop = element.scrollHeight;
  };

  const download = () => {
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `${taskName}-${runId}.log`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 0);
  };

  if (attempts === 0) {
    return (
      <Alert variant="light" color="gray" icon={<IconInfoCircle size={18} />} title="No log yet">
        {live || taskState === 'PENDING'
          ? 'The task has not started: its container, and so its log, does not exist yet.'
          : 'The task never started, so it has no log.'}
      </Alert>
    );
  }

  const hasText = text.length > 0;
  return (
    <Stack gap="xs">
      <Group justify="space-between" gap="xs">
        <Group gap="xs">
          <Text fw={500} size="sm">
            Log
          </Text>
          <LogStatusText status={status} follow={follow} />
        </Group>
        <Group gap="xs">
          {attempts > 1 && (
            <Select
              aria-label={`Attempt of ${taskName}`}
              size="xs"
              w={150}
              allowDeselect={false}
              value={String(attempt)}
              onChange={(value) => {
                const next = Number(value);
                setChosenAttempt(next === attempts ? null : next);
              }}
              data={Array.from({ length: attempts }, (_, index) => {
                const number = attempts - index;
                return {
                  value: String(number),
                  label: `Attempt ${number}${number === attempts ? ' (latest)' : ''}`,
                };
              })}
            />
          )}
          <CopyButton value={text}>
            {({ copied, copy }) => (
              <Button
                size="xs"
                variant="default"
                disabled={!hasText}
                onClick={copy}
                leftSection={copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
              >
                {copied ? 'Copied' : 'Copy'}
              </Button>
            )}
          </CopyButton>
          <Button
            size="xs"
            variant="default"
            disabled={!hasText}
            onClick={download}
            leftSection={<IconDownload size={14} />}
          >
            Download
          </Button>
          {!follow && (status === 'ended' || status === 'error') && (
            <Button size="xs" variant="subtle" onClick={reload} leftSection={<IconRefresh size={14} />}>
              Reload
            </Button>
          )}
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
      {(hasText || status !== 'error') && (
        <Box pos="relative">
          <ScrollArea
            h={{ base: 260, sm: 380 }}
            type="auto"
            viewportRef={viewport}
            onScrollPositionChange={onScroll}
            viewportProps={{ role: 'log', 'aria-label': `Log of ${taskName}`, tabIndex: 0 }}
            bg="dark.8"
            style={{ borderRadius: 'var(--mantine-radius-sm)' }}
          >
            <Box
              component="pre"
              m={0}
              p="sm"
              ff="monospace"
              fz="xs"
              c="gray.3"
              style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
            >
              {truncated && (
                <Text span c="dimmed" fz="xs">
                  {'… the start of this long log is not shown\n'}
                </Text>
              )}
              {hasText ? (
                text
              ) : status === 'ended' ? (
                <Text span c="dimmed" fz="xs">
                  (no output)
                </Text>
              ) : null}
            </Box>
          </ScrollArea>
          {!atBottom && follow && (
            <Button
              size="compact-xs"
              variant="filled"
              pos="absolute"
              bottom={8}
              right={16}
              onClick={scrollToEnd}
              leftSection={<IconArrowDown size={12} />}
            >
              Follow
            </Button>
          )}
        </Box>
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
