import { Alert, List } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { ReactNode } from 'react';

/** What keeps a topology from being saved, one `List.Item` per problem: the form's and the JSON tab's. */
export function InvalidTopologyAlert({ children }: { children: ReactNode }) {
  return (
    <Alert color="red" title="The topology is not valid" icon={<IconAlertTriangle size={18} />} role="alert">
      <List size="sm">{children}</List>
    </Alert>
  );
}
