import { Group, Stack, Text, Title } from '@mantine/core';
import { useCluster } from '../api/queries.js';
import { EmptyState, ErrorState, Loading } from '../common/query-state.js';
import { ClusterSummary } from './cluster-summary.js';
import { NodeTable } from './node-table.js';

export function ClusterPage() {
  const cluster = useCluster();
  const status = cluster.data;
  return (
    <Stack gap="md">
      <Title order={2}>Cluster</Title>
      {cluster.isPending ? (
        <Loading label="Loading cluster status…" />
      ) : !status ? (
        <ErrorState error={cluster.error} title="Could not load cluster status" />
      ) : (
        <>
          {cluster.isError && <ErrorState error={cluster.error} title="Could not refresh cluster status" />}
          <ClusterSummary status={status} />
          <Stack gap="xs">
            <Group justify="space-between">
              <Title order={3}>Nodes</Title>
              <Text size="sm" c="dimmed">
                {status.nodes.length} {status.nodes.length === 1 ? 'node' : 'nodes'}
              </Text>
            </Group>
            {status.nodes.length === 0 ? (
              <EmptyState>No nodes have registered in ZooKeeper.</EmptyState>
            ) : (
              <NodeTable nodes={status.nodes} now={cluster.dataUpdatedAt} />
            )}
          </Stack>
        </>
      )}
    </Stack>
  );
}
