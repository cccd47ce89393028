import { Card, Stack, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** A titled part of the Jobs page: a region named by its heading. */
export function SectionCard({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <Card withBorder padding="md" component="section" aria-labelledby={`${id}-heading`}>
      <Stack gap="sm">
        <Title order={3} id={`${id}-heading`}>
          {title}
        </Title>
        {children}
      </Stack>
    </Card>
  );
}
