import type { ClusterNode } from '@epoch/shared';
import { Badge, Stack, Table, Text } from '@mantine/core';
import { formatDateTime, formatRelative } from '../common/describe-trigger.js';

const byRoleThenUrl = (a: ClusterNode, b: ClusterNode) =>
  a.role === b.role ? a.url.localeCompare(b.url) : a.role === 'LEADER' ? -1 : 1;

/** Every live node, the leader first. */
export function NodeTable({ nodes, now }: { nodes: ClusterNode[]; now: number }) {
  return (
    <Table.ScrollContainer minWidth={320} type="native">
      <Table aria-label="Cluster nodes" striped highlightOnHover verticalSpacing="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>URL</Table.Th>
            <Table.Th>Role</Table.Th>
            <Table.Th visibleFrom="xs">Version</Table.Th>
            <Table.Th visibleFrom="sm">Started</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {[...nodes].sort(byRoleThenUrl).map((node) => (
            <Table.Tr key={node.url}>
              <Table.Td>
                <Text
                  size="sm"
                  ff="monospace"
                  fw={node.role === 'LEADER' ? 700 : 400}
                  style={{ wordBreak: 'break-all' }}
                >
                  {node.url}
                </Text>
              </Table.Td>
              <Table.Td>
                <Badge
                  color={node.role === 'LEADER' ? 'indigo' : 'gray'}
                  variant={node.role === 'LEADER' ? 'filled' : 'light'}
                >
                  {node.role}
                </Badge>
              </Table.Td>
              <Table.Td visibleFrom="xs">
                <Text size="sm">{node.version}</Text>
              </Table.Td>
              <Table.Td visibleFrom="sm">
                <Stack gap={0}>
                  <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                    {formatDateTime(node.startedAt)}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {formatRelative(node.startedAt, now)}
                  </Text>
                </Stack>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
