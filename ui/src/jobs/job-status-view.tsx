import { Badge, Code, Group, Stack, Table, Text, type MantineColor } from '@mantine/core';
import type { JobStatus } from '@epoch/shared';
import type { ReactNode } from 'react';
import { formatDateTime, formatRelative } from '../common/describe-trigger.js';

const COLORS: Record<JobStatus['state'], MantineColor> = {
  PENDING: 'gray',
  DELIVERING: 'blue',
  DELIVERED: 'teal',
  FAILED: 'red',
};

const when = (ms: number) => `${formatDateTime(ms)} (${formatRelative(ms)})`;

/** One job: when it fires and its meta while pending; its delivery record once fired. */
export function JobStatusView({ status }: { status: JobStatus }) {
  return (
    <Stack gap="xs" aria-label="Job" role="group">
      <Group gap="xs">
        <Badge color={COLORS[status.state]} variant="light" radius="sm">
          {status.state}
        </Badge>
        <Text ff="monospace" size="sm">
          {status.state === 'PENDING' ? status.job.id : status.id}
        </Text>
      </Group>
      {status.state === 'PENDING' && (
        <Fields
          rows={[
            ['Fires at', when(status.job.trigger_ms)],
            ['Route', status.job.route],
            ['Meta', <Code block>{JSON.stringify(status.job.meta, null, 2)}</Code>],
          ]}
        />
      )}
      {status.state === 'DELIVERING' && (
        <Text size="sm">Being delivered now; its delivery record follows.</Text>
      )}
      {(status.state === 'DELIVERED' || status.state === 'FAILED') && (
        <Fields
          rows={[
            ['Fired at', when(status.delivery.firedAt)],
            ['HTTP status', status.delivery.httpStatus ?? 'none came'],
            ['Attempts', status.delivery.attempts],
            ['Re-sent by a new leader', status.delivery.resent ? 'yes' : 'no'],
            ...(status.delivery.message ? [['Message', status.delivery.message] as const] : []),
          ]}
        />
      )}
    </Stack>
  );
}

function Fields({ rows }: { rows: (readonly [string, ReactNode])[] }) {
  return (
    <Table variant="vertical" layout="fixed" withTableBorder>
      <Table.Tbody>
        {rows.map(([label, value]) => (
          <Table.Tr key={label}>
            <Table.Th w={200}>{label}</Table.Th>
            <Table.Td>{value}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
