import { Alert, Anchor, Breadcrumbs, Stack, Title } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { Link, useParams } from 'react-router';
import { useTopology } from '../api/queries.js';
import { RequireWriteAccess } from '../auth/require-write-access.js';
import { ErrorState, Loading } from '../common/query-state.js';
import { duplicateTopology } from './duplicate-topology.js';
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

/** A new topology prefilled from an existing one, under a new name. */
function DuplicateTopology({ id }: { id: string }) {
  const query = useTopology(id);
  if (query.isPending) return <Loading label="Loading topology…" />;
  if (query.isError) return <ErrorState error={query.error} title="Could not load the topology" />;
  const { topology, droppedSecrets } = duplicateTopology(query.data.topology);
  return (
    <Stack gap="md">
      {droppedSecrets.length > 0 && (
        <Alert
          variant="light"
          color="yellow"
          icon={<IconInfoCircle size={18} />}
          title="Secrets are not copied"
        >
          Set them on the copy through the API: {droppedSecrets.join(', ')}
        </Alert>
      )}
      <TopologyForm
        key={query.data.id}
        mode="create"
        initial={() => fromTopology(topology)}
        cancelTo={`/topologies/${encodeURIComponent(id)}`}
      />
    </Stack>
  );
}

export function TopologyFormPage({ mode }: { mode: 'create' | 'edit' | 'duplicate' }) {
  const { topologyId = '' } = useParams();
  const title =
    mode === 'create' ? 'New topology' : `${mode === 'edit' ? 'Edit' : 'Duplicate'} ${topologyId}`;
  return (
    <Stack gap="md" maw={960}>
      <Breadcrumbs>
        <Anchor component={Link} to="/topologies">
          Topologies
        </Anchor>
        {mode !== 'create' && (
          <Anchor component={Link} to={`/topologies/${encodeURIComponent(topologyId)}`}>
            {topologyId}
          </Anchor>
        )}
      </Breadcrumbs>
      <Title order={2}>{title}</Title>
      <RequireWriteAccess>
        {mode === 'create' && <TopologyForm mode="create" initial={() => emptyFormState()} cancelTo="/" />}
        {mode === 'edit' && <EditTopology id={topologyId} />}
        {mode === 'duplicate' && <DuplicateTopology id={topologyId} />}
      </RequireWriteAccess>
    </Stack>
  );
}
