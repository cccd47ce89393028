import type { TopologySummary } from '@epoch/shared';
import { Checkbox, Table, VisuallyHidden } from '@mantine/core';
import { useCanWrite } from '../../auth/use-current-user.js';
import { SortableHeader } from './sortable-header.js';
import { COLUMN_VISIBILITY, TopologyRow } from './topology-row.js';
import type { SortField, SortOrder } from './use-list-params.js';
import { useNow } from './use-now.js';

interface Props {
  items: TopologySummary[];
  sort: SortField;
  order: SortOrder;
  onSort: (field: SortField) => void;
  /** A newer page is on its way: the rows shown are the previous ones. */
  stale: boolean;
  /** Ids of the rows ticked for a bulk action. */
  selected: ReadonlySet<string>;
  onSelect: (ids: string[], selected: boolean) => void;
  onPickLabel: (term: string) => void;
}

export function TopologyTable({ items, sort, order, onSort, stale, selected, onSelect, onPickLabel }: Props) {
  const now = useNow();
  const canWrite = useCanWrite();
  const sortProps = { sort, order, onSort };
  const ids = items.map((summary) => summary.details.id);
  const ticked = ids.filter((id) => selected.has(id)).length;
  return (
    <Table.ScrollContainer minWidth={340} type="native">
      <Table
        aria-label="Topologies"
        aria-busy={stale}
        striped
        highlightOnHover
        verticalSpacing="xs"
        style={{ opacity: stale ? 0.6 : 1, transition: 'opacity 150ms' }}
      >
        <Table.Thead>
          <Table.Tr>
            {canWrite && (
              <Table.Th w={40}>
                <Checkbox
                  aria-label="Select all topologies on this page"
                  checked={ids.length > 0 && ticked === ids.length}
                  indeterminate={ticked > 0 && ticked < ids.length}
                  onChange={(event) => onSelect(ids, event.currentTarget.checked)}
                />
              </Table.Th>
            )}
            <SortableHeader field="name" label="Name" {...sortProps} />
            <Table.Th {...COLUMN_VISIBILITY.trigger}>Trigger</Table.Th>
            <Table.Th {...COLUMN_VISIBILITY.task}>Task</Table.Th>
            <Table.Th>State</Table.Th>
            <SortableHeader
              field="nextFire"
              label="Next fire"
              {...sortProps}
              {...COLUMN_VISIBILITY.nextFire}
            />
            <Table.Th {...COLUMN_VISIBILITY.lastRun}>Last run</Table.Th>
            <SortableHeader field="updated" label="Updated" {...sortProps} {...COLUMN_VISIBILITY.updated} />
            <SortableHeader field="created" label="Created" {...sortProps} {...COLUMN_VISIBILITY.created} />
            {canWrite && (
              <Table.Th>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            )}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((summary) => (
            <TopologyRow
              key={summary.details.id}
              summary={summary}
              now={now}
              withActions={canWrite}
              selected={selected.has(summary.details.id)}
              onSelect={(checked) => onSelect([summary.details.id], checked)}
              onPickLabel={onPickLabel}
            />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
