import { ActionIcon, Group, Text, TextInput } from '@mantine/core';
import { IconChevronDown, IconChevronUp, IconSearch } from '@tabler/icons-react';
import type { LogSearchState } from './use-log-search.js';

export interface LogSearchProps {
  taskName: string;
  search: LogSearchState;
}

/** The search box of a log: its query, how many matches, and a way to go from one to the next. */
export function LogSearch({ taskName, search }: LogSearchProps) {
  const { query, count, index, step } = search;
  const status = !query ? '' : count === 0 ? 'No matches' : `${index + 1} of ${count}`;
  return (
    // On a phone the box narrows rather than pushing the buttons out of the card.
    <Group gap={4} wrap="nowrap" maw="100%">
      <TextInput
        size="xs"
        w={220}
        miw={0}
        flex="0 1 auto"
        type="search"
        placeholder="Search the log"
        aria-label={`Search the log of ${taskName}`}
        leftSection={<IconSearch size={14} />}
        value={query}
        onChange={(event) => search.setQuery(event.currentTarget.value)}
        onKeyDown={(event) => {
          // Enter and Shift+Enter, as in a browser's own find bar.
          if (event.key !== 'Enter') return;
          event.preventDefault();
          step(event.shiftKey ? -1 : 1);
        }}
      />
      <Text size="xs" c="dimmed" miw={60} role="status" style={{ whiteSpace: 'nowrap' }}>
        {status}
      </Text>
      <ActionIcon
        variant="default"
        size="md"
        aria-label="Previous match"
        disabled={count === 0}
        onClick={() => step(-1)}
      >
        <IconChevronUp size={14} />
      </ActionIcon>
      <ActionIcon
        variant="default"
        size="md"
        aria-label="Next match"
        disabled={count === 0}
        onClick={() => step(1)}
      >
        <IconChevronDown size={14} />
      </ActionIcon>
    </Group>
  );
}
