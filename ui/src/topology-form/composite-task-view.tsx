import { Alert, Code, Stack, Text } from '@mantine/core';
import type { CompositeTask } from '@epoch/shared';
import { IconInfoCircle } from '@tabler/icons-react';
import type { ReactNode } from 'react';

/** A composite task, shown as it is stored; the form saves it back unchanged, the JSON tab edits it. */
export function CompositeTaskView({ task, error }: { task: CompositeTask; error?: ReactNode }) {
  return (
    <Stack gap="xs">
      <Alert variant="light" color="blue" icon={<IconInfoCircle size={18} />}>
        Composite tasks are edited in the JSON tab. Saving here keeps this task as it is.
      </Alert>
      <Code block aria-label="Composite task JSON" style={{ maxHeight: 360, overflow: 'auto' }}>
        {JSON.stringify(task, null, 2)}
      </Code>
      {error && (
        <Text c="red" size="sm" role="alert">
          {error}
        </Text>
      )}
    </Stack>
  );
}
