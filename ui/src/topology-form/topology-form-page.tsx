import { Anchor, Breadcrumbs, Stack, Title } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { useTopology } from '../api/queries.js';
import { RequireWriteAccess } from '../auth/require-write-access.js';
import { ErrorState, Loading } from '../common/query-state.js';
import { emptyFormState } from './form-state.js';
import { fromTopology } from './from-topology.js';
import { TopologyForm } from './topology-form.js';

function EditTopology({ id }: { id: string }) {
  const query = useTopology(id);
  if (query.isPending) return <Loading label="Loading topology…" />;
  if (query.isError) return <ErrorState error={query.error} title="Could not load the topology" />;
  const topology = query.data.topology;
  return (
    // Keyed so a different topology starts a fresh form; refetches of this one leave the edits alone.
    <TopologyForm
      key={query.data.id}
      mode="edit"
      initial={() => fromTopology(topology)}
      cancelTo={`/topologies/${encodeURIComponent(id)}`}
    />
  );
}

export function TopologyFormPage({ mode }: { mode: 'create' | 'edit' }) {
  const { topologyId = '' } = useParams();
  const title = mode === 'create' ? 'New topology' : `Edit ${topologyId}`;
  return (
    <Stack gap="md" maw={960}>
      <Breadcrumbs>
        <Anchor component={Link} to="/">
          Topologies
        </Anchor>
        {mode === 'edit' && (
          <Anchor component={Link} to={`/topologies/${encodeURIComponent(topologyId)}`}>
            {topologyId}
          </Anchor>
        )}
      </Breadcrumbs>
      <Title order={2}>{title}</Title>
      <RequireWriteAccess>
        {mode === 'create' ? (
          <TopologyForm mode="create" initial={() => emptyFormState()} cancelTo="/" />
        ) : (
          <EditTopology id={topologyId} />
        )}
      </RequireWriteAccess>
    </Stack>
  );
}
