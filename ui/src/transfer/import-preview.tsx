import type { TopologyImportResult } from '@epoch/shared';
import { Alert, List, Stack, Text } from '@mantine/core';
import { ApiError } from '../api/client.js';

const SECTIONS: { key: keyof TopologyImportResult; label: string }[] = [
  { key: 'created', label: 'Created' },
  { key: 'updated', label: 'Updated' },
  { key: 'unchanged', label: 'Unchanged' },
];

/** What the dry run says the import would do, name by name. */
export function ImportPlan({ result }: { result: TopologyImportResult }) {
  return (
    <Stack gap="xs">
      {SECTIONS.map(({ key, label }) => (
        <div key={key}>
          <Text size="sm" fw={600}>
            {label} ({result[key].length})
          </Text>
          {result[key].length > 0 && (
            <List size="sm" aria-label={label}>
              {result[key].map((name) => (
                <List.Item key={name}>{name}</List.Item>
              ))}
            </List>
          )}
        </div>
      ))}
    </Stack>
  );
}

/** Why the import cannot go ahead: the server's issues with their fields, or the message alone. */
export function ImportErrors({ title, error }: { title: string; error: Error }) {
  const issues = error instanceof ApiError ? error.issues : [];
  return (
    <Alert color="red" title={title}>
      {issues.length > 0 ? (
        <List size="sm">
          {issues.map((issue) => (
            <List.Item key={`${issue.field}: ${issue.message}`}>
              <Text span size="sm" ff="monospace">
                {issue.field}
              </Text>
              : {issue.message}
            </List.Item>
          ))}
        </List>
      ) : (
        error.message
      )}
    </Alert>
  );
}
