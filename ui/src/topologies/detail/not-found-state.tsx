import { Button, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';

/** What a page shows when the API answers 404: what is missing, and the way back. */
export function NotFoundState({
  title,
  children,
  backTo,
  backLabel,
}: {
  title: string;
  children: ReactNode;
  backTo: string;
  backLabel: string;
}) {
  return (
    <Stack align="flex-start" role="alert">
      <Title order={2}>{title}</Title>
      <Text c="dimmed">{children}</Text>
      <Button component={Link} to={backTo} variant="default" leftSection={<IconArrowLeft size={16} />}>
        {backLabel}
      </Button>
    </Stack>
  );
}
