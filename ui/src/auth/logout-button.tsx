import { Button } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconLogout } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { logout } from './auth-api.js';

/** Ends the session, then follows the server to wherever signing out finishes (the provider, or /login). */
export function LogoutButton() {
  const signOut = useMutation({
    mutationFn: logout,
    onSuccess: ({ redirectUrl }) => window.location.assign(redirectUrl),
    onError: (error) =>
      notifications.show({ color: 'red', title: 'Could not log out', message: error.message }),
  });
  return (
    <Button
      variant="default"
      size="compact-sm"
      leftSection={<IconLogout size={14} />}
      loading={signOut.isPending}
      onClick={() => signOut.mutate()}
      style={{ flexShrink: 0 }}
    >
      Log out
    </Button>
  );
}
