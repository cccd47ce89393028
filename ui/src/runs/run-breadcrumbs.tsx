import { Anchor, Breadcrumbs, Text } from '@mantine/core';
import { Link } from 'react-router';
import { topologyPath } from '../topologies/detail/run-timing.js';

/** Topologies / <topology> / <run id>. */
export function RunBreadcrumbs({
  topologyId,
  topologyName,
  runId,
}: {
  topologyId: string;
  topologyName: string;
  runId: string;
}) {
  return (
    <nav aria-label="Breadcrumbs">
      <Breadcrumbs separatorMargin="xs" style={{ flexWrap: 'wrap', rowGap: 4 }}>
        <Anchor component={Link} to="/topologies" size="sm">
          Topologies
        </Anchor>
        <Anchor component={Link} to={topologyPath(topologyId)} size="sm" style={{ overflowWrap: 'anywhere' }}>
          {topologyName}
        </Anchor>
        <Text size="sm" ff="monospace" aria-current="page" style={{ overflowWrap: 'anywhere' }}>
          {runId}
        </Text>
      </Breadcrumbs>
    </nav>
  );
}
