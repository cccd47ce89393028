import { Select } from '@mantine/core';
import type { SortField, SortOrder } from './use-list-params.js';

const OPTIONS = [
  { value: 'name:asc', label: 'Name A–Z' },
  { value: 'name:desc', label: 'Name Z–A' },
  { value: 'nextFire:asc', label: 'Next fire soonest' },
  { value: 'nextFire:desc', label: 'Next fire latest' },
  { value: 'updated:desc', label: 'Recently updated' },
  { value: 'updated:asc', label: 'Least recently updated' },
  { value: 'created:desc', label: 'Newest' },
  { value: 'created:asc', label: 'Oldest' },
];

interface Props {
  sort: SortField;
  order: SortOrder;
  onChange: (sort: SortField, order: SortOrder) => void;
}

/** Sorting for screens too narrow for the Next fire, Updated and Created columns, whose headers sort on wide ones. */
export function SortSelect({ sort, order, onChange }: Props) {
  return (
    <Select
      label="Sort by"
      data={OPTIONS}
      value={`${sort}:${order}`}
      onChange={(value) => {
        if (!value) return;
        const [field, direction] = value.split(':') as [SortField, SortOrder];
        onChange(field, direction);
      }}
      allowDeselect={false}
      style={{ flex: '1 1 160px' }}
      maw={240}
      hiddenFrom="xl"
    />
  );
}
