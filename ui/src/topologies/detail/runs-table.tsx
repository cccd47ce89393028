import { Anchor, Box, Table, Text } from '@mantine/core';
import { parseRunId, type RunInfo } from '@epoch/shared';
import { Link } from 'react-router';
import { formatDateTime, formatDuration, formatRelative } from '../../common/describe-trigger.js';
import { StateBadge } from '../../common/state-badge.js';
import { runDuration, runPath, runStartedAt } from './run-timing.js';
import { useNow } from './use-now.js';

/** One page of runs; `highlightRunId` marks the run just started with "Run now". */
export function RunsTable({
  topologyId,
  runs,
  highlightRunId,
}: {
  topologyId: string;
  runs: RunInfo[];
  highlightRunId?: string;
}) {
  const now = useNow(runs.some((run) => run.state === 'RUNNING'));
  return (
    <Table.ScrollContainer minWidth={960}>
      <Table aria-label="Runs" highlightOnHover verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">State</Table.Th>
            <Table.Th scope="col">Run</Table.Th>
            <Table.Th scope="col">Type</Table.Th>
            <Table.Th scope="col">Fire time</Table.Th>
            <Table.Th scope="col">Started</Table.Th>
            <Table.Th scope="col">Duration</Table.Th>
            <Table.Th scope="col">Message</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {runs.map((run) => {
            const fireTime = parseRunId(run.runId)?.fireTime;
            const started = runStartedAt(run);
            const highlighted = run.runId === highlightRunId;
            return (
              <Table.Tr
                key={run.runId}
                style={{ whiteSpace: 'nowrap' }}
                bg={highlighted ? 'var(--mantine-primary-color-light)' : undefined}
                data-highlighted={highlighted || undefined}
              >
                <Table.Td>
                  {/* A badge may shrink to nothing (it clips its label), so a narrow table would squeeze it. */}
                  <Box component="span" display="inline-block" miw="max-content">
                    <StateBadge state={run.state} />
                  </Box>
                </Table.Td>
                <Table.Td>
                  <Anchor component={Link} to={runPath(topologyId, run.runId)} ff="monospace" size="sm">
                    {run.runId}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{run.runType}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{fireTime === undefined ? '—' : formatDateTime(fireTime)}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" title={formatDateTime(started)}>
                    {formatRelative(started, now)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{formatDuration(runDuration(run, now))}</Text>
                </Table.Td>
                <Table.Td miw={220} style={{ whiteSpace: 'normal' }}>
                  <Text
                    size="sm"
                    c={run.state === 'FAILED' ? 'red' : undefined}
                    lineClamp={2}
                    title={run.message}
                  >
                    {run.message ?? ''}
                  </Text>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
