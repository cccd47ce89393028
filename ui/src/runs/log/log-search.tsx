import { ActionIcon, Group, Text, TextInput } from '@mantine/core';
import { IconChevronDown, IconChevronUp, IconSearch } from '@tabler/icons-react';

export interface LogSearchProps {
  taskName: string;
  query: string;
  onQueryChange: (query: string) => void;
  /** How many matches there are, and which (from 0) the search is at. */
  count: number;
  index: number;
  /** Moves to the next (1) or previous (-1) match. */
  onStep: (step: 1 | -1) => void;
}

/** The search box of a log: its query, how many matches, and a way to go from one to the next. */
export function LogSearch({ taskName, query, onQueryChange, count, index, onStep }: LogSearchProps) {
  const status = !query ? '' : count === 0 ? 'No matches' : `${index + 1} of ${count}`;
  return (
    <Group gap={4} wrap="nowrap">
      <TextInput
        size="xs"
        w={220}
        type="search"
        placeholder="Search the log"
        aria-label={`Search the log of ${taskName}`}
        leftSection={<IconSearch size={14} />}
        value={query}
        onChange={(event) => onQueryChange(event.currentTarget.value)}
        onKeyDown={(event) => {
          // Enter and Shift+Enter, as in a browser's own find bar.
          if (event.key !== 'Enter') return;
          event.preventDefault();
          onStep(event.shiftKey ? -1 : 1);
        }}
      />
      <Text size="xs" c="dimmed" miw={70} role="status">
        {status}
      </Text>
      <ActionIcon
        variant="default"
        size="md"
        aria-label="Previous match"
        disabled={count === 0}
        onClick={() => onStep(-1)}
      >
        <IconChevronUp size={14} />
      </ActionIcon>
      <ActionIcon
        variant="default"
        size="md"
        aria-label="Next match"
        disabled={count === 0}
        onClick={() => onStep(1)}
      >
        <IconChevronDown size={14} />
      </ActionIcon>
    </Group>
  );
}
