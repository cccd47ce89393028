import { safeReturnTo } from '@epoch/shared';
import { Alert, Button, Center, Divider, Paper, Stack, Text, Title } from '@mantine/core';
import { IconKey } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { keys } from '../api/queries.js';
import { ErrorState, Loading } from '../common/query-state.js';
import { fetchAuthOptions } from './auth-api.js';
import { PasswordLoginForm } from './password-login-form.js';
import { ssoLoginHref } from './return-to.js';

/**
 * Sign-in, outside the main layout: it must work without a session, so it calls no `/apis` endpoint (each
 * would answer 401 and send the browser back here).
 */
export function LoginPage() {
  const [searchParams] = useSearchParams();
  const returnTo = safeReturnTo(searchParams.get('returnTo'));
  // Set by the server when the identity provider's answer was refused (e.g. a user with no Epoch role).
  const refused = searchParams.get('error');
  const navigate = useNavigate();
  const client = useQueryClient();
  const options = useQuery({ queryKey: keys.authOptions, queryFn: ({ signal }) => fetchAuthOptions(signal) });

  const signedIn = () => {
    void client.invalidateQueries({ queryKey: keys.currentUser });
    void navigate(returnTo, { replace: true });
  };

  return (
    <Center mih="100vh" p="md">
      <Paper withBorder shadow="sm" p="xl" radius="md" w="100%" maw={400}>
        <Stack gap="lg">
          <Title order={2}>Sign in to Epoch</Title>
          {refused && (
            <Alert color="red" title="Sign-in refused">
              {refused}
            </Alert>
          )}
          {options.isPending ? (
            <Loading label="Loading sign-in options…" />
          ) : options.isError ? (
            <ErrorState error={options.error} title="Could not load the sign-in options" />
          ) : (
            <>
              {options.data.sso && (
                <Button
                  component="a"
                  href={ssoLoginHref(returnTo)}
                  leftSection={<IconKey size={18} />}
                  fullWidth
                >
                  Sign in with single sign-on
                </Button>
              )}
              {options.data.sso && options.data.password && <Divider label="or" labelPosition="center" />}
              {options.data.password && <PasswordLoginForm onSignedIn={signedIn} />}
              {!options.data.sso && !options.data.password && (
                <Stack gap="xs" align="flex-start">
                  <Text c="dimmed">This server offers no way to sign in from the browser.</Text>
                  <Button component={Link} to={returnTo} variant="default">
                    Continue to Epoch
                  </Button>
                </Stack>
              )}
            </>
          )}
        </Stack>
      </Paper>
    </Center>
  );
}
