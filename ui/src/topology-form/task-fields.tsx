import { Alert, Stack, TextInput } from '@mantine/core';
import { CompositeTaskView } from './composite-task-view.js';
import { ContainerFields } from './container-fields.js';
import type { TaskKind } from './form-state.js';
import { HttpFields } from './http-fields.js';
import { LabeledSegmentedControl } from './labeled-segmented-control.js';
import type { TopologyFormApi } from './use-topology-form.js';

export function TaskFields({ form }: { form: TopologyFormApi }) {
  const { state, error, update } = form;
  const kinds: { value: TaskKind; label: string }[] = [
    { value: 'CONTAINER_EXECUTION', label: 'Container' },
    { value: 'HTTP', label: 'HTTP' },
    // Offered only when the loaded task is one: a composite cannot be built here.
    ...(state.composite ? [{ value: 'COMPOSITE' as const, label: 'Composite' }] : []),
  ];
  return (
    <Stack>
      <LabeledSegmentedControl
        label="Task type"
        value={state.taskKind}
        data={kinds}
        onChange={(taskKind) => update({ taskKind }, 'task')}
      />
      {state.taskKind === 'COMPOSITE' && state.composite ? (
        <CompositeTaskView task={state.composite} error={error('task')} />
      ) : (
        <>
          {error('task') && (
            <Alert color="red" variant="light" role="alert">
              {error('task')}
            </Alert>
          )}
          <TextInput
            label="Task ID"
            description="Names the task in runs and containers: letters, digits, - and _"
            value={state.taskName}
            onChange={(event) => update({ taskName: event.currentTarget.value }, 'task.taskName')}
            error={error('task.taskName')}
            autoComplete="off"
            required
          />
          {state.taskKind === 'HTTP' ? <HttpFields form={form} /> : <ContainerFields form={form} />}
        </>
      )}
    </Stack>
  );
}
