import { Group, Input, SegmentedControl, Select } from '@mantine/core';
import { IconTag } from '@tabler/icons-react';
import { SearchInput } from './search-input.js';
import { SortSelect } from './sort-select.js';
import { RUN_STATES } from '@epoch/shared';
import {
  PAGE_SIZES,
  type LastRunFilter,
  type ListParams,
  type PageSize,
  type StateFilter,
} from './use-list-params.js';

interface Props {
  params: ListParams;
  update: (change: Partial<ListParams>, options?: { replace?: boolean }) => void;
}

const STATES: { value: StateFilter; label: string }[] = [
  { value: 'ALL', label: 'All' },
  { value: 'ACTIVE', label: 'Active' },
  { value: 'PAUSED', label: 'Paused' },
];

const LAST_RUN_STATES: { value: LastRunFilter; label: string }[] = [
  { value: 'ANY', label: 'Any' },
  ...RUN_STATES.map((state) => ({ value: state, label: state.charAt(0) + state.slice(1).toLowerCase() })),
];

const STATE_LABEL_ID = 'topology-state-filter-label';

/** Search, label, state and last-run filters, sorting (narrow screens) and page size; any change goes back to page 1. */
export function ListToolbar({ params, update }: Props) {
  return (
    <Group align="flex-end" gap="md" wrap="wrap">
      <SearchInput value={params.q} onChange={(q) => update({ q, page: 1 }, { replace: true })} />
      <SearchInput
        value={params.label}
        onChange={(label) => update({ label, page: 1 }, { replace: true })}
        label="Labels"
        placeholder="team=payments, tier"
        clearLabel="Clear label filter"
        icon={<IconTag size={16} aria-hidden />}
      />
      <Input.Wrapper label="State" labelElement="div" labelProps={{ id: STATE_LABEL_ID }}>
        <SegmentedControl
          aria-labelledby={STATE_LABEL_ID}
          data={STATES}
          value={params.state}
          onChange={(state) => update({ state: state as StateFilter, page: 1 })}
          display="flex"
        />
      </Input.Wrapper>
      <Select
        label="Last run"
        data={LAST_RUN_STATES}
        value={params.lastRunState}
        onChange={(state) => state && update({ lastRunState: state as LastRunFilter, page: 1 })}
        allowDeselect={false}
        w={140}
        comboboxProps={{ withinPortal: true }}
      />
      <SortSelect
        sort={params.sort}
        order={params.order}
        onChange={(sort, order) => update({ sort, order, page: 1 })}
      />
      <Select
        label="Page size"
        data={PAGE_SIZES.map(String)}
        value={String(params.size)}
        onChange={(size) => size && update({ size: Number(size) as PageSize, page: 1 })}
        allowDeselect={false}
        w={100}
        comboboxProps={{ withinPortal: true }}
      />
    </Group>
  );
}
