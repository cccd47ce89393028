import { JsonInput, List, Stack, Text } from '@mantine/core';
import type { FieldIssue } from '@epoch/shared';
import { InvalidTopologyAlert } from './invalid-topology-alert.js';
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
        <InvalidTopologyAlert>
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
        </InvalidTopologyAlert>
      )}
    </Stack>
  );
}
