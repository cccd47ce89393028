import { Anchor, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { RunRef } from '@epoch/shared';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useOverview } from '../api/queries.js';
import { formatDateTime, formatRelative } from '../common/describe-trigger.js';
import { ErrorState, Loading } from '../common/query-state.js';
import { StateBadge } from '../common/state-badge.js';
import { runPath, topologyPath } from '../topologies/detail/run-timing.js';

/** The home page for the person on call: what is failing, what is running, what is paused or skipped, what fires next. */
export function OverviewPage() {
  const overview = useOverview();
  if (overview.isPending) return <Loading label="Loading the overview…" />;
  if (overview.error) return <ErrorState error={overview.error} title="Could not load the overview" />;
  const { failedRuns, runningRuns, pausedTopologies, skippedFires, nextFires, lastRunFailed } = overview.data;
  const skipped = skippedFires.reduce((sum, topology) => sum + topology.skippedSinceLastRun, 0);

  return (
    <Stack gap="lg">
      <Title order={2}>Overview</Title>
      <SimpleGrid cols={{ base: 2, md: 5 }}>
        <Tile label="Failed in 24 h" value={failedRuns.count} href="#failed" alert={failedRuns.count > 0} />
        <Tile label="Running now" value={runningRuns.length} href="/topologies?lastRunState=RUNNING" />
        <Tile label="Paused topologies" value={pausedTopologies.length} href="/topologies?state=PAUSED" />
        <Tile label="Fires skipped" value={skipped} href="/topologies?lastRunState=SKIPPED" />
        <Tile
          label="Fires in 24 h"
          value={nextFires.length}
          href="/topologies?sort=nextFire"
          suffix={nextFires.length >= 100 ? '+' : ''}
        />
      </SimpleGrid>
      <Section
        id="last-failed"
        title="Last run failed"
        count={lastRunFailed.length}
        empty="No topology's last run failed."
        list="/topologies?lastRunState=FAILED"
      >
        <RunTable runs={lastRunFailed} />
      </Section>
      <Section
        id="failed"
        title="Failed in the last 24 h"
        count={failedRuns.count}
        empty="No run failed in the last 24 h."
      >
        <RunTable runs={failedRuns.newest} />
      </Section>
      <Section id="running" title="Running now" count={runningRuns.length} empty="Nothing is running.">
        <RunTable runs={runningRuns} />
      </Section>
      <Section
        id="skipped"
        title="Skipped since the last run"
        count={skippedFires.length}
        empty="No fire skipped."
      >
        {
          <Table>
            <Table.Tbody>
              {skippedFires.map(({ topologyId, skippedSinceLastRun }) => (
                <Table.Tr key={topologyId}>
                  <Table.Td>
                    <Anchor component={Link} to={topologyPath(topologyId)}>
                      {topologyId}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{skippedSinceLastRun} skipped</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        }
      </Section>
      <Section id="next" title="Next fires" count={nextFires.length} empty="Nothing fires in the next 24 h.">
        {
          <Table>
            <Table.Tbody>
              {nextFires.map(({ topologyId, fireTime }) => (
                <Table.Tr key={`${topologyId}-${fireTime}`}>
                  <Table.Td>
                    <Anchor component={Link} to={topologyPath(topologyId)}>
                      {topologyId}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{formatDateTime(fireTime)}</Table.Td>
                  <Table.Td c="dimmed">{formatRelative(fireTime)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        }
      </Section>
    </Stack>
  );
}

function Tile({
  label,
  value,
  href,
  alert = false,
  suffix = '',
}: {
  label: string;
  value: number;
  href: string;
  alert?: boolean;
  suffix?: string;
}) {
  const content = (
    <>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text fz={28} fw={700} c={alert ? 'red.7' : undefined}>
        {value}
        {suffix}
      </Text>
    </>
  );
  const name = `${label}: ${value}${suffix}`;
  return (
    <Card withBorder padding="md">
      {/* A section of this page, or another page (a filtered list). */}
      {href.startsWith('#') ? (
        <Anchor href={href} underline="never" c="inherit" aria-label={name}>
          {content}
        </Anchor>
      ) : (
        <Anchor component={Link} to={href} underline="never" c="inherit" aria-label={name}>
          {content}
        </Anchor>
      )}
    </Card>
  );
}

function Section({
  id,
  title,
  count,
  empty,
  list,
  children,
}: {
  id: string;
  title: string;
  count: number;
  empty: string;
  /** The same topologies as a filtered topology list. */
  list?: string;
  children: ReactNode;
}) {
  return (
    <Card withBorder padding="md" component="section" id={id} aria-labelledby={`${id}-heading`}>
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={3} id={`${id}-heading`}>
            {title}
          </Title>
          {list && count > 0 && (
            <Anchor component={Link} to={list} size="sm">
              Show in the topology list
            </Anchor>
          )}
        </Group>
        {count > 0 ? (
          children
        ) : (
          <Text size="sm" c="dimmed">
            {empty}
          </Text>
        )}
      </Stack>
    </Card>
  );
}

function RunTable({ runs }: { runs: RunRef[] }) {
  return (
    <Table>
      <Table.Tbody>
        {runs.map((run) => (
          <Table.Tr key={`${run.topologyId}/${run.runId}`}>
            <Table.Td>
              <StateBadge state={run.state} />
            </Table.Td>
            <Table.Td>
              <Anchor component={Link} to={topologyPath(run.topologyId)}>
                {run.topologyId}
              </Anchor>
            </Table.Td>
            <Table.Td>
              <Anchor component={Link} to={runPath(run.topologyId, run.runId)} ff="monospace">
                {run.runId}
              </Anchor>
            </Table.Td>
            <Table.Td c="dimmed">{formatRelative(Math.min(run.updated, Date.now()))}</Table.Td>
            <Table.Td>
              <Group gap={4}>
                <Text size="sm" lineClamp={1}>
                  {run.message}
                </Text>
              </Group>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
