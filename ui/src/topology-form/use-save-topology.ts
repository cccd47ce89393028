import type { FieldIssue, TopologyDetails, TopologyInput } from '@epoch/shared';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useTopologyMutations } from '../api/queries.js';
import { issuesFromSaveFailure } from './submit-errors.js';

/**
 * Sends a validated topology; on success tells the user and opens it, on a 400 hands the issues
 * back with the input they are about, and keeps any other failure for the form to show.
 */
export function useSaveTopology(
  mode: 'create' | 'edit',
  onRejected: (issues: FieldIssue[], input: TopologyInput) => void,
) {
  const { create, update } = useTopologyMutations();
  const mutation = mode === 'create' ? create : update;
  const navigate = useNavigate();
  const [failure, setFailure] = useState<unknown>(null);

  const save = (input: TopologyInput) => {
    setFailure(null);
    // The server keeps labels and owner an update leaves out (for Epoch clients, which know none); the form
    // states the whole topology, so one it leaves out is removed.
    const sent: TopologyInput = mode === 'edit' ? { labels: {}, owner: null, ...input } : input;
    mutation.mutate(sent, {
      onSuccess: (details: TopologyDetails) => {
        notifications.show({
          color: 'green',
          title: mode === 'create' ? 'Topology created' : 'Topology saved',
          message: details.id,
        });
        void navigate(`/topologies/${encodeURIComponent(details.id)}`);
      },
      onError: (error) => {
        const issues = issuesFromSaveFailure(error, mode);
        if (issues) onRejected(issues, input);
        else setFailure(error);
      },
    });
  };

  return { save, saving: mutation.isPending, failure };
}
