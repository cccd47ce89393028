import type { RunOverrides } from '@epoch/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { send } from '../api/client.js';
import { keys } from '../api/queries.js';

const topologyApiPath = (id: string) => `/apis/v1/topologies/${encodeURIComponent(id)}`;

/** Instant runs beyond "Run now": with overrides, and a re-run of a run; each refreshes the topology's runs. */
export function useRunMutations() {
  const client = useQueryClient();
  const touched = (id: string) => {
    void client.invalidateQueries({ queryKey: keys.topologies });
    void client.invalidateQueries({ queryKey: keys.runsOf(id) });
  };
  return {
    runWith: useMutation({
      mutationFn: ({ id, overrides }: { id: string; overrides: RunOverrides }) =>
        send<{ runId: string }>('PUT', `${topologyApiPath(id)}/run`, overrides),
      onSuccess: (_data, { id }) => touched(id),
    }),
    rerun: useMutation({
      mutationFn: ({ id, runId }: { id: string; runId: string }) =>
        send<{ runId: string }>('POST', `${topologyApiPath(id)}/runs/${encodeURIComponent(runId)}/rerun`),
      onSuccess: (_data, { id }) => touched(id),
    }),
  };
}
