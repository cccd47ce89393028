import { Stack } from '@mantine/core';
import { useState } from 'react';
import { useParams } from 'react-router';
import { useTopology } from '../api/queries.js';
import { ErrorState, Loading } from '../common/query-state.js';
import { isNotFound } from './detail/is-not-found.js';
import { NotFoundState } from './detail/not-found-state.js';
import { RunHistory } from './detail/run-history.js';
import { RunsSection } from './detail/runs-section.js';
import { TopologyDefinition } from './detail/topology-definition.js';
import { TopologyHeader } from './detail/topology-header.js';
import { useRunsView } from './detail/use-runs-view.js';

/** One topology: what it is, what can be done to it, and its runs, live. */
export function TopologyPage() {
  const { topologyId = '' } = useParams();
  const topology = useTopology(topologyId);
  const view = useRunsView();
  const [startedRunId, setStartedRunId] = useState<string>();

  if (topology.isPending) return <Loading label="Loading topology…" />;
  if (topology.error) {
    return isNotFound(topology.error) ? (
      <NotFoundState title="Topology not found" backTo="/topologies" backLabel="Back to topologies">
        There is no topology {topologyId}; it may have been deleted.
      </NotFoundState>
    ) : (
      <ErrorState error={topology.error} title="Could not load the topology" />
    );
  }

  // The new run is the newest: show the first page, and drop a filter that would hide a running run.
  const showStartedRun = (runId: string) => {
    setStartedRunId(runId);
    if (view.states.length > 0 && !view.states.includes('RUNNING')) view.setStates([]);
    else view.setPage(1);
  };

  return (
    <Stack gap="lg">
      <TopologyHeader details={topology.data} onRunStarted={showStartedRun} />
      <RunHistory topologyId={topology.data.id} />
      <RunsSection topologyId={topology.data.id} view={view} highlightRunId={startedRunId} />
      <TopologyDefinition details={topology.data} />
    </Stack>
  );
}
