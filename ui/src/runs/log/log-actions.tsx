import { Button, Select } from '@mantine/core';
import { useClipboard } from '@mantine/hooks';
import { IconCheck, IconCopy, IconDownload, IconRefresh } from '@tabler/icons-react';
import type { LogBuffer } from './log-buffer.js';

export interface LogActionsProps {
  taskName: string;
  runId: string;
  log: LogBuffer;
  attempt: number;
  attempts: number;
  onAttemptChange: (attempt: number) => void;
  /** Absent while the log is being read. */
  onReload?: () => void;
}

/** What can be done with a log: pick an attempt's, copy it, download it, read it again. */
export function LogActions({
  taskName,
  runId,
  log,
  attempt,
  attempts,
  onAttemptChange,
  onReload,
}: LogActionsProps) {
  const clipboard = useClipboard();
  const hasText = log.lines.length > 0;

  // The download is the log as printed, escape codes included, as `docker logs` would give it.
  const download = () => {
    const url = URL.createObjectURL(new Blob([log.rawText()], { type: 'text/plain;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `${taskName}-${runId}.log`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 0);
  };

  return (
    <>
      {attempts > 1 && (
        <Select
          aria-label={`Attempt of ${taskName}`}
          size="xs"
          w={150}
          allowDeselect={false}
          value={String(attempt)}
          onChange={(value) => onAttemptChange(Number(value))}
          data={Array.from({ length: attempts }, (_, index) => {
            const number = attempts - index;
            return {
              value: String(number),
              label: `Attempt ${number}${number === attempts ? ' (latest)' : ''}`,
            };
          })}
        />
      )}
      <Button
        size="xs"
        variant="default"
        disabled={!hasText}
        // The text as shown, without escape codes: what a user pastes elsewhere.
        onClick={() => clipboard.copy(log.plainText())}
        leftSection={clipboard.copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
      >
        {clipboard.copied ? 'Copied' : 'Copy'}
      </Button>
      <Button
        size="xs"
        variant="default"
        disabled={!hasText}
        onClick={download}
        leftSection={<IconDownload size={14} />}
      >
        Download
      </Button>
      {onReload && (
        <Button size="xs" variant="subtle" onClick={onReload} leftSection={<IconRefresh size={14} />}>
          Reload
        </Button>
      )}
    </>
  );
}
