import { BarChart } from '@mantine/charts';
import { Card, Group, Stack, Text, Title } from '@mantine/core';
import { RUN_STATES, type RunInfo, type RunState } from '@epoch/shared';
import { useRuns } from '../../api/queries.js';
import { formatDuration } from '../../common/describe-trigger.js';
import { ErrorState, Loading } from '../../common/query-state.js';
import { stateColor } from '../../common/state-badge.js';
import { runHistoryStats } from './run-history-stats.js';
import { runDuration } from './run-timing.js';
import { useNow } from './use-now.js';

const HISTORY = 100;

/**
 * The last 100 runs as bars, oldest left: height is the duration, colour the state (one series per state, so
 * each bar carries exactly one), the run id in the tooltip; with success rate and duration percentiles.
 */
export function RunHistory({ topologyId }: { topologyId: string }) {
  const runs = useRuns(topologyId, { sort: 'created', order: 'desc', limit: HISTORY });
  const items = runs.data?.items ?? [];
  const now = useNow(items.some((run) => run.state === 'RUNNING'));
  if (runs.isPending) return <Loading label="Loading run history…" />;
  if (runs.error) return <ErrorState error={runs.error} title="Could not load the run history" />;
  if (items.length === 0) return null;

  const ordered = [...items].reverse();
  const states = RUN_STATES.filter((state) => ordered.some((run) => run.state === state));
  const data = ordered.map((run) => barOf(run, now));
  const stats = runHistoryStats(items, now);

  return (
    <Card withBorder padding="md" component="section" aria-labelledby="history-heading">
      <Stack gap="sm">
        <Group justify="space-between" align="baseline">
          <Title order={3} id="history-heading">
            Run history
          </Title>
          <Group gap="lg">
            <Text size="sm">
              Success rate{' '}
              <b>{stats.successRate === null ? '—' : `${Math.round(stats.successRate * 100)} %`}</b>
            </Text>
            <Text size="sm">
              p50 <b>{stats.p50 === null ? '—' : formatDuration(stats.p50)}</b>
            </Text>
            <Text size="sm">
              p95 <b>{stats.p95 === null ? '—' : formatDuration(stats.p95)}</b>
            </Text>
          </Group>
        </Group>
        <BarChart
          h={180}
          data={data}
          dataKey="runId"
          type="stacked"
          series={states.map((state) => ({ name: state, color: `${stateColor(state)}.6` }))}
          valueFormatter={(seconds) => formatDuration(Math.round(seconds * 1000))}
          withXAxis={false}
          // An image to assistive technology, named by the svg's <title>.
          barChartProps={{
            role: 'img',
            title: 'Run history',
            desc: `The last ${data.length} runs, oldest first: height is the duration, colour the state`,
          }}
        />
      </Stack>
    </Card>
  );
}

/** One bar: the run's duration in seconds under its own state's key, nothing under the others. */
function barOf(run: RunInfo, now: number): Record<string, string | number> & { runId: string } {
  const state: RunState | undefined = RUN_STATES.find((known) => known === run.state);
  return { runId: run.runId, ...(state && { [state]: runDuration(run, now) / 1000 }) };
}
