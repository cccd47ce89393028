import { Title } from '@mantine/core';

export function TopologyFormPage({ mode }: { mode: 'create' | 'edit' }) {
  return <Title order={2}>{mode === 'create' ? 'New topology' : 'Edit topology'}</Title>;
}
