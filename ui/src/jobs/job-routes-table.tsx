import { Table, Text } from '@mantine/core';
import type { JobRoute } from '@epoch/shared';
import { useCanWrite } from '../auth/use-current-user.js';
import { ErrorState, Loading } from '../common/query-state.js';
import { useJobRoutes } from './job-queries.js';
import { shownUrl } from './shown-url.js';

/** The routes of one database, with where each sends its jobs. */
export function JobRoutesTable({ database }: { database: string }) {
  const routes = useJobRoutes(database);
  const canWrite = useCanWrite();
  if (database === '')
    return (
      <Text size="sm" c="dimmed">
        Choose a database to see its routes.
      </Text>
    );
  if (routes.isPending) return <Loading label="Loading routes…" />;
  if (routes.error) return <ErrorState error={routes.error} title="Could not load the routes" />;
  if (routes.data.length === 0)
    return (
      <Text size="sm" c="dimmed">
        Database {database} has no routes.
      </Text>
    );
  return (
    <Table.ScrollContainer minWidth={420} type="native">
      <Table aria-label={`Routes of ${database}`} striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Route</Table.Th>
            <Table.Th>Webhook URL</Table.Th>
            <Table.Th>Timeout</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {routes.data.map((route: JobRoute) => (
            <Table.Tr key={route.id}>
              <Table.Td>{route.id}</Table.Td>
              <Table.Td>
                <Text size="sm" ff="monospace" style={{ wordBreak: 'break-all' }}>
                  {shownUrl(route.webhook_url, canWrite)}
                </Text>
              </Table.Td>
              <Table.Td>{route.timeoutSeconds} s</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
