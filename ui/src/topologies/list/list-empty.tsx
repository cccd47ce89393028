import { Button, Stack, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useCanWrite } from '../../auth/use-current-user.js';
import { EmptyState } from '../../common/query-state.js';
import type { ListParams } from './use-list-params.js';

/** No topologies at all: invite to create one, if the user may. */
export function NoTopologies() {
  const canWrite = useCanWrite();
  if (!canWrite) return <EmptyState>No topologies yet</EmptyState>;
  return (
    <Stack align="center" gap="xs" py="xl">
      <EmptyState>No topologies yet — create one</EmptyState>
      <Button component={Link} to="/topologies/new" leftSection={<IconPlus size={16} />}>
        Create topology
      </Button>
    </Stack>
  );
}

/** Filters that match nothing: say which, and offer to drop them. */
export function NoMatches({ params, onClear }: { params: ListParams; onClear: () => void }) {
  const q = params.q.trim();
  const label = params.label.trim();
  const what = [
    q && `“${q}”`,
    label && `labels ${label}`,
    params.state !== 'ALL' && `state ${params.state}`,
    params.lastRunState !== 'ANY' && `last run ${params.lastRunState}`,
  ]
    .filter(Boolean)
    .join(' with ');
  return (
    <Stack align="center" gap="xs" py="xl">
      <Text c="dimmed">No topology matches {what}</Text>
      <Button variant="light" onClick={onClear}>
        Clear filters
      </Button>
    </Stack>
  );
}
