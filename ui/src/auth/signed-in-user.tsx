import { Group, Text, VisuallyHidden } from '@mantine/core';
import { LogoutButton } from './logout-button.js';
import { RoleBadge } from './role-badge.js';
import { useCurrentUser } from './use-current-user.js';

/**
 * The signed-in user and role, for the header. Nothing when authentication is off (there is nobody to
 * name), and logging out only for a browser session: basic-auth and token callers send their credentials
 * with every request, so there is no session to end.
 */
export function SignedInUser() {
  const { data: user } = useCurrentUser();
  if (!user || user.authenticatedBy === 'NONE') return null;
  return (
    <Group gap="xs" wrap="nowrap" ml="auto" miw={0} aria-label="Signed-in user" role="group">
      <Text size="sm" truncate="end" miw={0} title={user.name}>
        <VisuallyHidden>Signed in as </VisuallyHidden>
        {user.name}
      </Text>
      <RoleBadge role={user.role} />
      {user.authenticatedBy === 'SESSION' && <LogoutButton />}
    </Group>
  );
}
