import { Alert, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import type { Task } from '@epoch/shared';
import { useForm } from '@mantine/form';
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
  const form = useForm<RunWithForm>({ mode: 'controlled', initialValues: EMPTY });
  const { runWith } = useRunMutations();
  const fields = overridableFields(task);

  const close = () => {
    form.reset();
    onClose();
  };
  const submit = form.onSubmit((values) =>
    runWith.mutate(
      { id: topologyId, overrides: toOverrides(values) },
      {
        onSuccess: ({ runId }) => {
          close();
          onStarted(runId);
        },
        onError: (error) =>
          form.setErrors(
            error instanceof ApiError && error.issues.length > 0
              ? formErrors(error.issues, values.env)
              : { form: error.message },
          ),
      },
    ),
  );

  return (
    <Modal opened={opened} onClose={close} title="Run with overrides" size="lg" centered>
      <form onSubmit={submit}>
        <Stack>
          <Text size="sm" c="dimmed">
            One run now with these values in place of the tasks&apos; own; the topology stays as it is. Values
            are shown with the run: keep credentials in secret fields.
          </Text>
          {form.errors.form && (
            <Alert color="red" title="The run was not started">
              {form.errors.form}
            </Alert>
          )}
          {fields.container && (
            <>
              <KeyValueRows
                legend="Environment"
                item="Environment variable"
                keyPlaceholder="NAME"
                form={form}
                path="env"
                rows={form.values.env}
              />
              <Textarea
                label="Arguments"
                description="One per line; they replace the container tasks' arguments. Empty: their own."
                autosize
                minRows={2}
                {...form.getInputProps('args')}
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
              {...form.getInputProps('body')}
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
