import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ApiError } from '../api/client.js';
import { passwordLogin } from './auth-api.js';

/** Username and password, checked by the server against its basic-auth users. */
export function PasswordLoginForm({ onSignedIn }: { onSignedIn: () => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const login = useMutation({ mutationFn: passwordLogin, onSuccess: onSignedIn });
  const failure =
    login.error instanceof ApiError && login.error.status === 401
      ? 'Wrong username or password'
      : login.error?.message;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    login.mutate({ username, password });
  };
  // Typing again is a new attempt: the old failure no longer describes it.
  const edit = (set: (value: string) => void) => (value: string) => {
    set(value);
    if (login.isError) login.reset();
  };

  return (
    <form onSubmit={submit}>
      <Stack gap="sm">
        <TextInput
          label="Username"
          autoComplete="username"
          required
          withAsterisk={false}
          value={username}
          onChange={(event) => edit(setUsername)(event.currentTarget.value)}
        />
        <PasswordInput
          label="Password"
          autoComplete="current-password"
          required
          withAsterisk={false}
          value={password}
          onChange={(event) => edit(setPassword)(event.currentTarget.value)}
        />
        {failure && (
          <Alert color="red" variant="light" role="alert" p="xs">
            {failure}
          </Alert>
        )}
        <Button type="submit" loading={login.isPending} fullWidth>
          Sign in
        </Button>
      </Stack>
    </form>
  );
}
