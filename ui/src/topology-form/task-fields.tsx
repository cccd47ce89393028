import { Alert, Stack, TextInput } from '@mantine/core';
import { CompositeTaskView } from './composite-task-view.js';
import { ContainerFields } from './container-fields.js';
import type { TaskKind } from './form-state.js';
import { HttpFields } from './http-fields.js';
import { LabeledSegmentedControl } from './labeled-segmented-control.js';
import type { TopologyFormApi } from './use-topology-form.js';

export function TaskFields({ form }: { form: TopologyFormApi }) {
  const { taskKind, composite } = form.values;
  // The task's own issues (and every one of a composite) are kept at its type, cleared when it changes.
  const taskError = form.errors.taskKind;
  const kinds: { value: TaskKind; label: string }[] = [
    { value: 'CONTAINER_EXECUTION', label: 'Container' },
    { value: 'HTTP', label: 'HTTP' },
    // Offered only when the loaded task is one: a composite cannot be built here.
    ...(composite ? [{ value: 'COMPOSITE' as const, label: 'Composite' }] : []),
  ];
  return (
    <Stack>
      <LabeledSegmentedControl
        label="Task type"
        value={taskKind}
        data={kinds}
        onChange={(kind) => form.setFieldValue('taskKind', kind)}
      />
      {taskKind === 'COMPOSITE' && composite ? (
        <CompositeTaskView task={composite} error={taskError} />
      ) : (
        <>
          {taskError && (
            <Alert color="red" variant="light" role="alert">
              {taskError}
            </Alert>
          )}
          <TextInput
            label="Task ID"
            description="Names the task in runs and containers: letters, digits, - and _"
            {...form.getInputProps('taskName')}
            autoComplete="off"
            required
          />
          {taskKind === 'HTTP' ? <HttpFields form={form} /> : <ContainerFields form={form} />}
        </>
      )}
    </Stack>
  );
}
