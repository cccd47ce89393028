import { Card, Code, DataList, Text, Title } from '@mantine/core';
import type { RunOverrides } from '@epoch/shared';
import { Field } from '../topologies/detail/field.js';

/** What the run changed of its tasks, as given when it was started ("Run with…", or the run it re-runs). */
export function RunOverridesCard({ overrides }: { overrides: RunOverrides }) {
  const env = Object.entries(overrides.env ?? {});
  return (
    <Card withBorder padding="md" component="section" aria-label="Overrides">
      <Title order={3} mb="xs">
        Overrides
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        This run was started with these values in place of its tasks&apos; own.
      </Text>
      <DataList size="sm" gap="xs" labelWidth="9rem">
        {env.map(([name, value]) => (
          <Field key={name} label={`env ${name}`}>
            <Code>{value}</Code>
          </Field>
        ))}
        {overrides.args !== undefined && (
          <Field label="args">
            <Code>{JSON.stringify(overrides.args)}</Code>
          </Field>
        )}
        {overrides.body !== undefined && (
          <Field label="body">
            <Code block>
              {typeof overrides.body === 'string' ? overrides.body : JSON.stringify(overrides.body, null, 2)}
            </Code>
          </Field>
        )}
      </DataList>
    </Card>
  );
}
