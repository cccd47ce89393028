import { Alert } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { ErrorState, Loading } from '../common/query-state.js';
import { useCurrentUser } from './use-current-user.js';

/** `children` for users who may change things; read-only users get a notice instead of a form they could not save. */
export function RequireWriteAccess({ children }: { children: ReactNode }) {
  const user = useCurrentUser();
  if (user.isPending) return <Loading label="Checking your access…" />;
  if (user.isError) return <ErrorState error={user.error} title="Could not check your access" />;
  if (user.data.role !== 'READ_WRITE') {
    return (
      <Alert color="gray" title="You have read-only access" icon={<IconLock size={18} />}>
        Ask an administrator for read-write access to create or change topologies.
      </Alert>
    );
  }
  return children;
}
