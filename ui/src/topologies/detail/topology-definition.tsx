import {
  Button,
  Card,
  Code,
  CopyButton,
  DataList,
  Group,
  ScrollArea,
  SimpleGrid,
  Stack,
  Title,
} from '@mantine/core';
import type { NotificationSpec, TopologyDetails } from '@epoch/shared';
import { IconBraces, IconCheck, IconCopy } from '@tabler/icons-react';
import { useId, useState } from 'react';
import { describeTrigger, formatDateTime, formatDuration } from '../../common/describe-trigger.js';
import { Field } from './field.js';
import { TaskDefinition } from './task-definition.js';

const OVERLAP: Record<string, string> = {
  SKIP: 'skip the new fire while a run is going',
  ALLOW: 'run alongside the one going',
  REPLACE: 'cancel the run going and start the new one',
};

const MISFIRE: Record<string, string> = {
  RUN_ONCE: 'one catch-up run',
  SKIP: 'skip missed fires',
};

/** The topology's definition in words, or as the raw JSON the API stores. */
export function TopologyDefinition({ details }: { details: TopologyDetails }) {
  const [showJson, setShowJson] = useState(false);
  const bodyId = useId();
  const { topology } = details;
  const json = JSON.stringify(topology, null, 2);

  return (
    <Card withBorder padding="md" component="section" aria-label="Definition">
      <Group justify="space-between" mb="sm">
        <Title order={3}>Definition</Title>
        <Group gap="xs">
          {showJson && (
            <CopyButton value={json}>
              {({ copied, copy }) => (
                <Button
                  size="xs"
                  variant="default"
                  onClick={copy}
                  leftSection={copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
                >
                  {copied ? 'Copied' : 'Copy JSON'}
                </Button>
              )}
            </CopyButton>
          )}
          <Button
            size="xs"
            variant="light"
            leftSection={<IconBraces size={14} />}
            aria-expanded={showJson}
            aria-controls={bodyId}
            onClick={() => setShowJson((shown) => !shown)}
          >
            {showJson ? 'Hide JSON' : 'Show JSON'}
          </Button>
        </Group>
      </Group>
      <div id={bodyId}>
        {showJson ? (
          <ScrollArea.Autosize mah={480} type="auto">
            <Code block aria-label="Topology JSON">
              {json}
            </Code>
          </ScrollArea.Autosize>
        ) : (
          <Stack gap="lg">
            <SimpleGrid cols={{ base: 1, md: 3 }} spacing="lg">
              <Stack gap="xs">
                <Title order={4} size="h5">
                  Trigger
                </Title>
                <DataList size="sm" gap="xs" labelWidth="6rem">
                  <Field label="When">{describeTrigger(topology.trigger)}</Field>
                  {topology.trigger.type === 'CRON' ? (
                    <>
                      <Field label="Cron">
                        <Code>{topology.trigger.timeSpec}</Code>
                      </Field>
                      <Field label="Time zone">{topology.trigger.timeZone}</Field>
                    </>
                  ) : (
                    <Field label="At">{formatDateTime(topology.trigger.time)}</Field>
                  )}
                </DataList>
              </Stack>
              <Stack gap="xs">
                <Title order={4} size="h5">
                  Policies
                </Title>
                <DataList size="sm" gap="xs" labelWidth="6rem">
                  <Field label="Overlap">
                    {topology.overlapPolicy ?? 'SKIP'}: {OVERLAP[topology.overlapPolicy ?? 'SKIP']}
                  </Field>
                  <Field label="Misfire">
                    {topology.misfirePolicy ?? 'RUN_ONCE'}: {MISFIRE[topology.misfirePolicy ?? 'RUN_ONCE']}
                  </Field>
                  <Field label="Start deadline">
                    up to {formatDuration((topology.startingDeadlineSeconds ?? 300) * 1000)} late
                  </Field>
                </DataList>
              </Stack>
              <Stack gap="xs">
                <Title order={4} size="h5">
                  Notifications
                </Title>
                <DataList size="sm" gap="xs" labelWidth="6rem">
                  <Field label="Notify">{describeNotify(topology.notify)}</Field>
                </DataList>
              </Stack>
            </SimpleGrid>
            <Stack gap="xs">
              <Title order={4} size="h5">
                Task
              </Title>
              <TaskDefinition task={topology.task} />
            </Stack>
          </Stack>
        )}
      </div>
    </Card>
  );
}

function describeNotify(notify: NotificationSpec | null | undefined): string {
  if (!notify || notify.type === 'BLACKHOLE') return 'none';
  if (notify.type === 'WEBHOOK') return `webhook ${notify.url}`;
  return notify.emails.join(', ');
}
