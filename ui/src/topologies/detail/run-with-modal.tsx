import { Alert, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import type { Task } from '@epoch/shared';
import { useState } from 'react';
import { ApiError } from '../../api/client.js';
import { useRunMutations } from '../../runs/use-run-mutations.js';
import { KeyValueRows } from '../../topology-form/key-value-rows.js';
import { MONO_INPUT } from '../../topology-form/mono.js';
import { formErrors, overridableFields, toOverrides, type RunWithForm } from './run-with-form.js';

const EMPTY: RunWithForm = { env: [], args: '', body: '' };

/**
 * "Run with…": one instant run with other env values and args (container tasks) or another body (HTTP
 * calls), as fits the topology's tasks. The topology is left as it is; the run records what was given.
 */
export function RunWithModal({
  topologyId,
  task,
  opened,
  onClose,
  onStarted,
}: {
  topologyId: string;
  task: Task;
  opened: boolean;
  onClose: () => void;
  onStarted: (runId: string) => void;
}) {
  const [form, setForm] = useState<RunWithForm>(EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const { runWith } = useRunMutations();
  const fields = overridableFields(task);

  const close = () => {
    setForm(EMPTY);
    setErrors({});
    onClose();
  };
  const submit = () =>
    runWith.mutate(
      { id: topologyId, overrides: toOverrides(form) },
      {
        onSuccess: ({ runId }) => {
          close();
          onStarted(runId);
        },
        onError: (error) =>
          setErrors(
            error instanceof ApiError && error.issues.length > 0
              ? formErrors(error.issues, form.env)
              : { form: error.message },
          ),
      },
    );
  const clear = (...keys: string[]) =>
    setErrors((current) =>
      Object.fromEntries(Object.entries(current).filter(([key]) => !keys.includes(key))),
    );

  return (
    <Modal opened={opened} onClose={close} title="Run with overrides" size="lg" centered>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <Stack>
          <Text size="sm" c="dimmed">
            One run now with these values in place of the tasks&apos; own; the topology stays as it is. Values
            are shown with the run: keep credentials in secret fields.
          </Text>
          {errors.form && (
            <Alert color="red" title="The run was not started">
              {errors.form}
            </Alert>
          )}
          {fields.container && (
            <>
              <KeyValueRows
                legend="Environment"
                item="Environment variable"
                keyPlaceholder="NAME"
                rows={form.env}
                onChange={(env, ...stale) => {
                  setForm((current) => ({ ...current, env }));
                  clear(...stale);
                }}
                errorPrefix="env"
                error={(field) => errors[field]}
              />
              <Textarea
                label="Arguments"
                description="One per line; they replace the container tasks' arguments. Empty: their own."
                autosize
                minRows={2}
                value={form.args}
                onChange={(event) => {
                  const args = event.currentTarget.value;
                  setForm((current) => ({ ...current, args }));
                  clear('args');
                }}
                error={errors.args}
                styles={MONO_INPUT}
              />
            </>
          )}
          {fields.body && (
            <Textarea
              label="Body"
              description="Replaces the HTTP calls' body: sent as JSON if it parses as JSON, else as text. Empty: their own."
              autosize
              minRows={3}
              value={form.body}
              onChange={(event) => {
                const body = event.currentTarget.value;
                setForm((current) => ({ ...current, body }));
                clear('body');
              }}
              error={errors.body}
              styles={MONO_INPUT}
            />
          )}
          {!fields.container && !fields.body && (
            <Text size="sm">This topology&apos;s tasks take no overrides (its HTTP calls send no body).</Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={runWith.isPending}>
              Run
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
