import { Anchor, Card, DataList, Group, SimpleGrid, Text, Title } from '@mantine/core';
import { parseRunId, type RunInfo } from '@epoch/shared';
import { formatDateTime, formatDuration, formatRelative } from '../common/describe-trigger.js';
import { StateBadge } from '../common/state-badge.js';
import { Field } from '../topologies/detail/field.js';
import { Link } from 'react-router';
import { runDuration, runPath } from '../topologies/detail/run-timing.js';
import { useNow } from '../topologies/detail/use-now.js';

/** The run as a whole: state, type, message and times. */
export function RunSummary({ run }: { run: RunInfo }) {
  const now = useNow(run.state === 'RUNNING');
  const fireTime = parseRunId(run.runId)?.fireTime;
  return (
    <Card withBorder padding="md" component="section" aria-label="Run summary">
      <Group gap="sm" mb="sm">
        <Title order={2} ff="monospace" fz={{ base: 'h4', sm: 'h3' }} style={{ overflowWrap: 'anywhere' }}>
          {run.runId}
        </Title>
        <StateBadge state={run.state} />
      </Group>
      {run.message && (
        <Text mb="sm" c={run.state === 'FAILED' ? 'red' : undefined} style={{ overflowWrap: 'anywhere' }}>
          {run.message}
        </Text>
      )}
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        <DataList size="sm" gap="xs" labelWidth="7rem">
          <Field label="Type">{run.runType}</Field>
          <Field label="Fire time">{fireTime === undefined ? '—' : formatDateTime(fireTime)}</Field>
          <Field label="Duration">{formatDuration(runDuration(run, now))}</Field>
          {run.rerunOf && (
            <Field label="Re-run of">
              <Anchor component={Link} to={runPath(run.topologyId, run.rerunOf)} ff="monospace" size="sm">
                {run.rerunOf}
              </Anchor>
            </Field>
          )}
        </DataList>
        <DataList size="sm" gap="xs" labelWidth="7rem">
          <Field label="Created">
            {formatDateTime(run.created)} ({formatRelative(run.created, now)})
          </Field>
          <Field label="Updated">
            {formatDateTime(run.updated)} ({formatRelative(run.updated, now)})
          </Field>
        </DataList>
      </SimpleGrid>
    </Card>
  );
}
