import { Anchor, Table, Text } from '@mantine/core';
import type { JobCollections } from '@epoch/shared';

/** Every collection of every database with its counts; choosing one fills the look-up and the routes. */
export function CollectionsTable({
  collections,
  onChoose,
}: {
  collections: JobCollections['collections'];
  onChoose: (database: string, collection: string) => void;
}) {
  if (collections.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No collection has jobs or delivery records yet.
      </Text>
    );
  return (
    <Table.ScrollContainer minWidth={420} type="native">
      <Table aria-label="Job collections" striped highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Database</Table.Th>
            <Table.Th>Collection</Table.Th>
            <Table.Th ta="right">Pending</Table.Th>
            <Table.Th ta="right">Delivered</Table.Th>
            <Table.Th ta="right">Failed</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {collections.map(({ database, collection, pending, delivered, failed }) => (
            <Table.Tr key={`${database}/${collection}`}>
              <Table.Td>{database}</Table.Td>
              <Table.Td>
                <Anchor
                  component="button"
                  type="button"
                  onClick={() => onChoose(database, collection)}
                  aria-label={`Look up a job in ${database}/${collection}`}
                >
                  {collection}
                </Anchor>
              </Table.Td>
              <Table.Td ta="right">{pending}</Table.Td>
              <Table.Td ta="right">{delivered}</Table.Td>
              <Table.Td ta="right" c={failed > 0 ? 'red.7' : undefined}>
                {failed}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
