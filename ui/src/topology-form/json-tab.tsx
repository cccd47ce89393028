import { Alert, JsonInput, List, Stack, Text } from '@mantine/core';
import type { FieldIssue } from '@epoch/shared';
import { IconAlertTriangle } from '@tabler/icons-react';
import { issueText } from './map-issues.js';
import { MONO_INPUT } from './mono.js';

/**
 * The whole topology as JSON, for what the form cannot show (composites, every field). Its issues are
 * listed by path, as the schema and the server name them.
 */
export function JsonTab({
  text,
  issues,
  onChange,
}: {
  text: string;
  issues: FieldIssue[];
  onChange: (text: string) => void;
}) {
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        Everything the API accepts, checked with the server&apos;s own schema when you save or go back to the
        form. Secrets show as &quot;&lt;secret&gt;&quot;, which keeps the stored value.
      </Text>
      <JsonInput
        label="Topology JSON"
        value={text}
        onChange={onChange}
        error={issues.length > 0}
        autosize
        minRows={12}
        maxRows={40}
        spellCheck={false}
        styles={MONO_INPUT}
      />
      {issues.length > 0 && (
        <Alert
          color="red"
          title="The topology is not valid"
          icon={<IconAlertTriangle size={18} />}
          role="alert"
        >
          <List size="sm">
            {issues.map((issue) => (
              <List.Item key={issueText(issue)}>
                {issue.field && issue.field !== '(root)' ? (
                  <>
                    <Text span ff="monospace" size="sm" fw={600}>
                      {issue.field}
                    </Text>
                    : {issue.message}
                  </>
                ) : (
                  issue.message
                )}
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
    </Stack>
  );
}
