import { Group, Stack, Title } from '@mantine/core';
import { leafTasks } from '@epoch/shared';
import { useParams } from 'react-router';
import { useRun, useTopology } from '../api/queries.js';
import { useCanWrite } from '../auth/use-current-user.js';
import { EmptyState, ErrorState, Loading } from '../common/query-state.js';
import { isNotFound } from '../topologies/detail/is-not-found.js';
import { NotFoundState } from '../topologies/detail/not-found-state.js';
import { topologyPath } from '../topologies/detail/run-timing.js';
import { RerunButton } from './rerun-button.js';
import { RunBreadcrumbs } from './run-breadcrumbs.js';
import { RunOverridesCard } from './run-overrides-card.js';
import { RunSummary } from './run-summary.js';
import { TaskCard } from './task-card.js';

/** One run: its summary and each task's outcome and log, kept live by the event stream. */
export function RunPage() {
  const { topologyId = '', runId = '' } = useParams();
  const run = useRun(topologyId, runId);
  const topology = useTopology(topologyId);
  const canWrite = useCanWrite();

  if (run.isPending) return <Loading label="Loading run…" />;
  if (run.error) {
    return isNotFound(run.error) ? (
      <NotFoundState title="Run not found" backTo={topologyPath(topologyId)} backLabel="Back to the topology">
        Topology {topologyId} has no run {runId}; it, or its topology, may have been deleted.
      </NotFoundState>
    ) : (
      <ErrorState error={run.error} title="Could not load the run" />
    );
  }

  const definitions = topology.data ? leafTasks(topology.data.topology.task) : [];
  // Tasks in run order, as defined; any the definition no longer has go last.
  const order = new Map(definitions.map((task, index) => [task.taskName, index]));
  const taskNames = Object.keys(run.data.tasks).sort(
    (a, b) => (order.get(a) ?? Number.MAX_SAFE_INTEGER) - (order.get(b) ?? Number.MAX_SAFE_INTEGER),
  );

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="center" gap="sm">
        <RunBreadcrumbs
          topologyId={topologyId}
          topologyName={topology.data?.topology.name ?? topologyId}
          runId={run.data.runId}
        />
        {canWrite && <RerunButton topologyId={topologyId} runId={run.data.runId} />}
      </Group>
      <RunSummary run={run.data} />
      {run.data.overrides && <RunOverridesCard overrides={run.data.overrides} />}
      <Title order={3}>Tasks</Title>
      {taskNames.length === 0 ? (
        <EmptyState>No tasks have been scheduled in this run.</EmptyState>
      ) : (
        taskNames.map((taskName) => (
          <TaskCard
            key={taskName}
            topologyId={topologyId}
            runId={run.data.runId}
            taskName={taskName}
            info={run.data.tasks[taskName]!}
            definition={definitions.find((task) => task.taskName === taskName)}
          />
        ))
      )}
    </Stack>
  );
}
