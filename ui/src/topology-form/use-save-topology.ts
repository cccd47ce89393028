import type { TopologyDetails, TopologyInput } from '@epoch/shared';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useTopologyMutations } from '../api/queries.js';
import type { FormErrors } from './map-issues.js';
import { errorsFromSaveFailure } from './submit-errors.js';

/**
 * Sends a validated topology; on success tells the user and opens it, on a 400 hands the issues
 * back for the fields, and keeps any other failure for the form to show.
 */
export function useSaveTopology(mode: 'create' | 'edit', onFieldErrors: (errors: FormErrors) => void) {
  const { create, update } = useTopologyMutations();
  const mutation = mode === 'create' ? create : update;
  const navigate = useNavigate();
  const [failure, setFailure] = useState<unknown>(null);

  const save = (input: TopologyInput) => {
    setFailure(null);
    mutation.mutate(input, {
      onSuccess: (details: TopologyDetails) => {
        notifications.show({
          color: 'green',
          title: mode === 'create' ? 'Topology created' : 'Topology saved',
          message: details.id,
        });
        void navigate(`/topologies/${encodeURIComponent(details.id)}`);
      },
      onError: (error) => {
        const errors = errorsFromSaveFailure(error, input, mode);
        if (errors) onFieldErrors(errors);
        else setFailure(error);
      },
    });
  };

  return { save, saving: mutation.isPending, failure };
}
