import { Badge, Code, DataList, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { ContainerTask, HttpTask, Task } from '@epoch/shared';
import { formatDuration } from '../../common/describe-trigger.js';
import { SecretBadges } from '../../common/secret-badges.js';
import { Field } from './field.js';

type RetryPolicy = NonNullable<ContainerTask['retries']>;

/** A task of the definition in words; a composite lists its children in run order. */
export function TaskDefinition({ task }: { task: Task }) {
  if (task.type === 'COMPOSITE') {
    return (
      <Stack gap="sm">
        <Text size="sm">
          Composite: {task.tasks.length} tasks in sequence,{' '}
          {task.compositionType === 'ANY' ? 'one of which must succeed' : 'all of which must succeed'}
        </Text>
        {task.tasks.map((child, index) => (
          <Paper key={child.type === 'COMPOSITE' ? `composite-${index}` : child.taskName} withBorder p="sm">
            <TaskDefinition task={child} />
          </Paper>
        ))}
      </Stack>
    );
  }
  return (
    <Stack gap="xs">
      <Group gap="xs">
        <Title order={4} size="h5">
          {task.taskName}
        </Title>
        <Badge variant="outline" size="sm">
          {task.type === 'HTTP' ? 'HTTP' : 'Container'}
        </Badge>
      </Group>
      {task.type === 'HTTP' ? <HttpFields task={task} /> : <ContainerFields task={task} />}
    </Stack>
  );
}

function ContainerFields({ task }: { task: ContainerTask }) {
  const env = Object.entries(task.env ?? {});
  const tags = Object.entries(task.tags ?? {});
  return (
    <DataList size="sm" gap="xs">
      <Field label="Image">
        <Code>{task.executable.url}</Code>
      </Field>
      <Field label="Pull timeout">{task.executable.dockerPullTimeout}</Field>
      <Field label="Resources">
        {task.resources
          .map((resource) =>
            resource.type === 'CPU' ? `${resource.count} CPU` : `${resource.sizeInMB} MB memory`,
          )
          .join(', ')}
      </Field>
      {task.placement && (
        <Field label="Placement">
          <Group gap={4}>
            {task.placement.constraints.map((constraint, index) => (
              <Code key={`c${index}`}>{constraint}</Code>
            ))}
            {task.placement.preferences.map(({ spread }, index) => (
              <Code key={`p${index}`}>spread={spread}</Code>
            ))}
          </Group>
        </Field>
      )}
      {task.startTimeout && <Field label="Start timeout">{task.startTimeout}</Field>}
      <Field label="Arguments">
        {task.args && task.args.length > 0 ? (
          <Group gap={4}>
            {task.args.map((arg, index) => (
              <Code key={index}>{arg}</Code>
            ))}
          </Group>
        ) : (
          'none (image default)'
        )}
      </Field>
      <Field label="Environment">
        {env.length > 0 ? (
          <Code block>{env.map(([key, value]) => `${key}=${value}`).join('\n')}</Code>
        ) : (
          'none'
        )}
      </Field>
      <SecretNames label="Secret environment" secrets={task.secretEnv} />
      <Field label="Volumes">
        {task.volumes && task.volumes.length > 0 ? (
          <Stack gap={2}>
            {task.volumes.map((volume) => (
              <Text size="sm" key={volume.pathInContainer}>
                <Code>{volume.pathOnHost}</Code> → <Code>{volume.pathInContainer}</Code>{' '}
                {volume.mode === 'READ_ONLY' ? '(read-only)' : '(read-write)'}
              </Text>
            ))}
          </Stack>
        ) : (
          'none'
        )}
      </Field>
      {tags.length > 0 && (
        <Field label="Tags">{tags.map(([key, value]) => `${key}=${value}`).join(', ')}</Field>
      )}
      {task.logging && (
        <Field label="Logging">
          {task.logging.type === 'LOCAL'
            ? `local, ${task.logging.maxFiles} files of ${task.logging.maxSize}`
            : `rsyslog to ${task.logging.server}`}
        </Field>
      )}
      <LimitFields timeoutSeconds={task.timeoutSeconds} retries={task.retries} />
    </DataList>
  );
}

function HttpFields({ task }: { task: HttpTask }) {
  const headers = Object.entries(task.headers ?? {});
  const body =
    task.body === undefined
      ? undefined
      : typeof task.body === 'string'
        ? task.body
        : JSON.stringify(task.body, null, 2);
  return (
    <DataList size="sm" gap="xs">
      <Field label="Request">
        <Code>
          {task.method ?? 'POST'} {task.url}
        </Code>
      </Field>
      <Field label="Headers">
        {headers.length > 0 ? (
          <Code block>{headers.map(([key, value]) => `${key}: ${value}`).join('\n')}</Code>
        ) : (
          'none'
        )}
      </Field>
      <SecretNames label="Secret headers" secrets={task.secretHeaders} />
      <Field label="Body">{body === undefined ? 'none' : <Code block>{body}</Code>}</Field>
      <Field label="Success codes">{task.successCodes?.join(', ') ?? 'any 2xx'}</Field>
      <LimitFields timeoutSeconds={task.timeoutSeconds} retries={task.retries} />
    </DataList>
  );
}

/** Secrets are write-only: the API gives their names, never their values, so only the names are shown. */
function SecretNames({ label, secrets }: { label: string; secrets: Record<string, unknown> | undefined }) {
  const names = Object.keys(secrets ?? {});
  if (names.length === 0) return null;
  return (
    <Field label={label}>
      <SecretBadges names={names} />
    </Field>
  );
}

function LimitFields({ timeoutSeconds, retries }: { timeoutSeconds?: number; retries?: RetryPolicy }) {
  return (
    <>
      <Field label="Timeout">{timeoutSeconds ? formatDuration(timeoutSeconds * 1000) : 'none'}</Field>
      <Field label="Retries">
        {retries && retries.count > 0
          ? `${retries.count} ${retries.count === 1 ? 'retry' : 'retries'}, ` +
            `first after ${retries.delaySeconds ?? 10} s, backoff ×${retries.backoffFactor ?? 2}`
          : 'none'}
      </Field>
    </>
  );
}
