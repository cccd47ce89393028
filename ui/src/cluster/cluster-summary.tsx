import type { ClusterStatus } from '@epoch/shared';
import { Badge, Code, Group, Paper, SimpleGrid, Text } from '@mantine/core';
import { IconCrown, IconTopologyStar3 } from '@tabler/icons-react';
import type { ReactNode } from 'react';

function SummaryCard({ title, icon, children }: { title: string; icon: ReactNode; children: ReactNode }) {
  return (
    <Paper withBorder p="md" component="section" aria-label={title}>
      <Group gap="xs" mb="xs" wrap="nowrap">
        {icon}
        <Text size="sm" c="dimmed" fw={600} tt="uppercase">
          {title}
        </Text>
      </Group>
      {children}
    </Paper>
  );
}

/** Who leads, and whether this node can see ZooKeeper (without it, nobody can be elected). */
export function ClusterSummary({ status }: { status: ClusterStatus }) {
  const { leader, zookeeper } = status;
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
      <SummaryCard title="Leader" icon={<IconCrown size={18} stroke={1.6} aria-hidden />}>
        {leader ? (
          <Text fw={600} ff="monospace" style={{ wordBreak: 'break-all' }}>
            {leader}
          </Text>
        ) : (
          <Badge color="red" variant="light">
            No leader elected
          </Badge>
        )}
      </SummaryCard>
      <SummaryCard title="ZooKeeper" icon={<IconTopologyStar3 size={18} stroke={1.6} aria-hidden />}>
        <Group gap="sm" wrap="wrap">
          <Badge color={zookeeper.connected ? 'green' : 'red'} variant="light">
            {zookeeper.connected ? 'Connected' : 'Disconnected'}
          </Badge>
          <Code style={{ wordBreak: 'break-all' }}>{zookeeper.connectionString}</Code>
        </Group>
      </SummaryCard>
    </SimpleGrid>
  );
}
