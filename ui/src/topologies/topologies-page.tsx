import { Title } from '@mantine/core';

export function TopologiesPage() {
  return <Title order={2}>TopologiesPage</Title>;
}
