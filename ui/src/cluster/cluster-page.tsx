import { Title } from '@mantine/core';

export function ClusterPage() {
  return <Title order={2}>ClusterPage</Title>;
}
