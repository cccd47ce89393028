import { Group, Pagination, Text } from '@mantine/core';

interface Props {
  page: number;
  size: number;
  total: number;
  shown: number;
  onPage: (page: number) => void;
}

const CONTROL_LABELS = {
  first: 'First page',
  previous: 'Previous page',
  next: 'Next page',
  last: 'Last page',
} as const;

const count = (n: number) => n.toLocaleString('en-US');

/** "Showing 1–25 of 10,000" and the page buttons. */
export function ListFooter({ page, size, total, shown, onPage }: Props) {
  const pages = Math.max(1, Math.ceil(total / size));
  const from = total === 0 ? 0 : (page - 1) * size + 1;
  const to = Math.min(total, (page - 1) * size + shown);
  return (
    <Group justify="space-between" gap="sm" wrap="wrap">
      <Text size="sm" c="dimmed" aria-live="polite">
        Showing {count(from)}–{count(to)} of {count(total)}
      </Text>
      {pages > 1 && (
        <nav aria-label="Pagination">
          <Pagination
            total={pages}
            value={Math.min(page, pages)}
            onChange={onPage}
            withEdges
            siblings={1}
            boundaries={1}
            size="sm"
            getItemProps={(n) => ({ 'aria-label': `Page ${n}` })}
            getControlProps={(control) => ({ 'aria-label': CONTROL_LABELS[control] })}
          />
        </nav>
      )}
    </Group>
  );
}
