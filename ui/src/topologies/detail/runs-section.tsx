import { Box, Card, Group, MultiSelect, Pagination, Stack, Text, Title } from '@mantine/core';
import { RUN_STATES, type RunState } from '@epoch/shared';
import { useRuns } from '../../api/queries.js';
import { useCanWrite } from '../../auth/use-current-user.js';
import { EmptyState, ErrorState, Loading } from '../../common/query-state.js';
import { RunsTable } from './runs-table.js';
import type { RunsView } from './use-runs-view.js';

const PAGE_SIZE = 20;

/** The topology's runs, newest first: a state filter, a page of the table, and paging. */
export function RunsSection({
  topologyId,
  view,
  highlightRunId,
}: {
  topologyId: string;
  view: RunsView;
  highlightRunId?: string;
}) {
  const { states, page, setStates, setPage } = view;
  const runs = useRuns(topologyId, {
    state: states.length > 0 ? states : undefined,
    sort: 'created',
    order: 'desc',
    offset: (page - 1) * PAGE_SIZE,
    limit: PAGE_SIZE,
  });
  const canWrite = useCanWrite();
  const total = runs.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  // The newest run, when it is a skip, counts the skips since the last run, also those retention removed.
  const newest = page === 1 && states.length === 0 ? runs.data?.items[0] : undefined;
  const skippedInRow = newest?.state === 'SKIPPED' ? (newest.skippedInRow ?? 1) : 0;

  return (
    <Card withBorder padding="md" component="section" aria-labelledby="runs-heading">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-end">
          <Group gap="xs" align="baseline">
            <Title order={3} id="runs-heading">
              Runs
            </Title>
            {runs.data && (
              <Text size="sm" c="dimmed">
                {total} {total === 1 ? 'run' : 'runs'}
                {states.length > 0 && ' matching'}
              </Text>
            )}
            {skippedInRow > 0 && (
              <Text size="sm" c="orange.8">
                {skippedInRow} {skippedInRow === 1 ? 'fire' : 'fires'} skipped since the last run
              </Text>
            )}
          </Group>
          <MultiSelect
            label="Filter runs by state"
            placeholder={states.length > 0 ? undefined : 'All states'}
            data={[...RUN_STATES]}
            value={states}
            onChange={(value) => setStates(value as RunState[])}
            clearable
            w={{ base: '100%', sm: 380 }}
          />
        </Group>
        {runs.isPending ? (
          <Loading label="Loading runs…" />
        ) : runs.error ? (
          <ErrorState error={runs.error} title="Could not load the runs" />
        ) : total === 0 ? (
          <EmptyState>
            {states.length > 0
              ? 'No runs in these states.'
              : canWrite
                ? 'No runs yet — press Run now.'
                : 'No runs yet.'}
          </EmptyState>
        ) : runs.data.items.length === 0 ? (
          <EmptyState>No runs on this page.</EmptyState>
        ) : (
          <Box style={{ opacity: runs.isPlaceholderData ? 0.6 : 1, transition: 'opacity 150ms' }}>
            <RunsTable topologyId={topologyId} runs={runs.data.items} highlightRunId={highlightRunId} />
          </Box>
        )}
        {pages > 1 && (
          <Group justify="center">
            <Pagination
              total={pages}
              value={Math.min(page, pages)}
              onChange={setPage}
              siblings={1}
              aria-label="Runs pages"
              getItemProps={(item) => ({ 'aria-label': `Page ${item}` })}
              getControlProps={(control) => ({ 'aria-label': `${control} page` })}
            />
          </Group>
        )}
      </Stack>
    </Card>
  );
}
