import { Button, Group, Loader, Stack, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { useTopologySummaries } from '../api/queries.js';
import { useCanWrite } from '../auth/use-current-user.js';
import { ErrorState, Loading } from '../common/query-state.js';
import { TransferButtons } from '../transfer/transfer-buttons.js';
import { BulkActionBar } from './list/bulk-action-bar.js';
import { ListFooter } from './list/list-footer.js';
import { NoMatches, NoTopologies } from './list/list-empty.js';
import { initialOrder, labelTerms, toListQuery } from './list/list-query.js';
import { ListToolbar } from './list/list-toolbar.js';
import { TopologyTable } from './list/topology-table.js';
import { useListParams, type SortField } from './list/use-list-params.js';

export function TopologiesPage() {
  const { params, update, filtered } = useListParams();
  const query = useTopologySummaries(toListQuery(params));
  const canWrite = useCanWrite();
  const items = query.data?.items ?? [];
  const offset = (params.page - 1) * params.size;
  // Without X-Total-Count, count what we can see.
  const total = Number.isFinite(query.data?.total) ? query.data!.total : offset + items.length;
  const lastPage = Math.max(1, Math.ceil(total / params.size));

  // A page past the end (rows deleted, or an old link): go to the last one that exists.
  useEffect(() => {
    if (query.data && !query.isPlaceholderData && params.page > lastPage) {
      update({ page: lastPage }, { replace: true });
    }
  }, [query.data, query.isPlaceholderData, params.page, lastPage, update]);

  const sortBy = (field: SortField) =>
    update({
      sort: field,
      order: params.sort === field ? (params.order === 'asc' ? 'desc' : 'asc') : initialOrder(field),
      page: 1,
    });

  const refreshing = query.isFetching && query.isPlaceholderData;

  // Ticked rows for a bulk action, by id; only those still listed on the page are acted on.
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const select = useCallback((ids: string[], tick: boolean) => {
    setSelected((current) => {
      const next = new Set(current);
      for (const id of ids) {
        if (tick) next.add(id);
        else next.delete(id);
      }
      return next;
    });
  }, []);
  const shownSelected = items.map((summary) => summary.details.id).filter((id) => selected.has(id));

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="nowrap">
        <Group gap="sm">
          <Title order={2}>Topologies</Title>
          {refreshing && <Loader size="xs" role="status" aria-label="Loading topologies" />}
        </Group>
        <Group gap="sm">
          <TransferButtons />
          {canWrite && (
            <Button component={Link} to="/topologies/new" leftSection={<IconPlus size={16} />}>
              New topology
            </Button>
          )}
        </Group>
      </Group>
      <ListToolbar params={params} update={update} />
      {query.isPending ? (
        <Loading label="Loading topologies…" />
      ) : query.isError && !query.data ? (
        <ErrorState error={query.error} title="Could not load topologies" />
      ) : total === 0 ? (
        filtered ? (
          <NoMatches
            params={params}
            onClear={() => update({ q: '', label: '', state: 'ALL', lastRunState: 'ANY', page: 1 })}
          />
        ) : (
          <NoTopologies />
        )
      ) : (
        <>
          {query.isError && <ErrorState error={query.error} title="Could not refresh topologies" />}
          {canWrite && shownSelected.length > 0 && (
            <BulkActionBar ids={shownSelected} onDone={() => setSelected(new Set())} />
          )}
          <TopologyTable
            items={items}
            sort={params.sort}
            order={params.order}
            onSort={sortBy}
            stale={query.isPlaceholderData}
            selected={selected}
            onSelect={select}
            onPickLabel={(term) => {
              const terms = labelTerms(params.label) ?? [];
              if (!terms.includes(term)) update({ label: [...terms, term].join(', '), page: 1 });
            }}
          />
          <ListFooter
            page={params.page}
            size={params.size}
            total={total}
            shown={items.length}
            onPage={(page) => update({ page })}
          />
        </>
      )}
    </Stack>
  );
}
