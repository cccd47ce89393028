import { Title } from '@mantine/core';

export function TopologyPage() {
  return <Title order={2}>TopologyPage</Title>;
}
