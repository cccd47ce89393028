import type {
  Overview,
  ClusterStatus,
  CronPreview,
  RunInfo,
  RunState,
  TopologyActionRequest,
  TopologyActionResult,
  TopologyDetails,
  TopologyInput,
  TopologyState,
  TopologySummary,
} from '@epoch/shared';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getData, queryString, request, send } from './client.js';

/** Query keys: one tree, so an event can invalidate exactly what it touched. */
export const keys = {
  topologies: ['topologies'] as const,
  summaries: (query: TopologyListParams) => ['topologies', 'summaries', query] as const,
  topology: (id: string) => ['topologies', 'one', id] as const,
  runs: (id: string, query: RunListParams = {}) => ['runs', id, 'list', query] as const,
  runsOf: (id: string) => ['runs', id] as const,
  run: (id: string, runId: string) => ['runs', id, 'one', runId] as const,
  cluster: ['cluster'] as const,
  overview: ['overview'] as const,
  currentUser: ['current-user'] as const,
  authOptions: ['auth-options'] as const,
  cronPreview: (expression: string, timeZone: string) => ['cron-preview', expression, timeZone] as const,
};

export interface TopologyListParams {
  search?: string;
  state?: TopologyState[];
  /** The last run's state is one of these. */
  lastRunState?: RunState[];
  /** Label requirements, all of which must hold: `team=payments`, `team`. */
  label?: string[];
  sort?: 'name' | 'created' | 'updated' | 'nextFire';
  order?: 'asc' | 'desc';
  offset?: number;
  limit?: number;
}

export interface RunListParams {
  state?: RunState[];
  sort?: 'updated' | 'created' | 'runId';
  order?: 'asc' | 'desc';
  offset?: number;
  limit?: number;
}

/** A page of topologies with next fire and last run; `total` counts every match. */
export function useTopologySummaries(params: TopologyListParams) {
  return useQuery({
    queryKey: keys.summaries(params),
    queryFn: ({ signal }) =>
      request<TopologySummary[]>('GET', `/apis/v1/topology-summaries${queryString({ ...params })}`, {
        signal,
      }),
    placeholderData: keepPreviousData,
  });
}

export function useTopology(id: string) {
  return useQuery({
    queryKey: keys.topology(id),
    queryFn: ({ signal }) =>
      getData<TopologyDetails>(`/apis/v1/topologies/${encodeURIComponent(id)}`, signal),
  });
}

export function useRuns(id: string, params: RunListParams = {}) {
  return useQuery({
    queryKey: keys.runs(id, params),
    queryFn: ({ signal }) =>
      request<RunInfo[]>(
        'GET',
        `/apis/v1/topologies/${encodeURIComponent(id)}/runs${queryString({ ...params })}`,
        {
          signal,
        },
      ),
    placeholderData: keepPreviousData,
  });
}

export function useRun(id: string, runId: string) {
  return useQuery({
    queryKey: keys.run(id, runId),
    queryFn: ({ signal }) =>
      getData<RunInfo>(
        `/apis/v1/topologies/${encodeURIComponent(id)}/runs/${encodeURIComponent(runId)}`,
        signal,
      ),
  });
}

/** What the person on call asks first; the server answers it at most 5 s old. */
export function useOverview() {
  return useQuery({
    queryKey: keys.overview,
    queryFn: ({ signal }) => getData<Overview>('/apis/v1/overview', signal),
    refetchInterval: 10_000,
  });
}

export function useCluster() {
  return useQuery({
    queryKey: keys.cluster,
    queryFn: ({ signal }) => getData<ClusterStatus>('/apis/v1/cluster', signal),
    refetchInterval: 5_000,
  });
}

/** The next fire times of a cron expression, from the server's (the one) Quartz engine. */
export function useCronPreview(expression: string, timeZone: string, enabled = true) {
  return useQuery({
    queryKey: keys.cronPreview(expression, timeZone),
    queryFn: ({ signal }) =>
      getData<CronPreview>(`/apis/v1/cron/preview${queryString({ expression, timeZone, count: 5 })}`, signal),
    enabled: enabled && expression.trim() !== '',
    placeholderData: keepPreviousData,
  });
}

const topologyPath = (id: string) => `/apis/v1/topologies/${encodeURIComponent(id)}`;

/** Every topology mutation, each invalidating what it changed on success. */
export function useTopologyMutations() {
  const client = useQueryClient();
  const touched = (id?: string) => {
    void client.invalidateQueries({ queryKey: keys.topologies });
    if (id) void client.invalidateQueries({ queryKey: keys.runsOf(id) });
  };
  return {
    create: useMutation({
      mutationFn: (topology: TopologyInput) => send<TopologyDetails>('POST', '/apis/v1/topologies', topology),
      onSuccess: (created) => touched(created.id),
    }),
    update: useMutation({
      mutationFn: (topology: TopologyInput) => send<TopologyDetails>('PUT', '/apis/v1/topologies', topology),
      onSuccess: (updated) => touched(updated.id),
    }),
    pause: useMutation({
      mutationFn: (id: string) => send<TopologyDetails>('PUT', `${topologyPath(id)}/pause`),
      onSuccess: (_data, id) => touched(id),
    }),
    unpause: useMutation({
      mutationFn: (id: string) => send<TopologyDetails>('PUT', `${topologyPath(id)}/unpause`),
      onSuccess: (_data, id) => touched(id),
    }),
    remove: useMutation({
      mutationFn: (id: string) => send<unknown>('DELETE', topologyPath(id)),
      onSuccess: (_data, id) => touched(id),
    }),
    runNow: useMutation({
      mutationFn: (id: string) => send<{ runId: string }>('PUT', `${topologyPath(id)}/run`),
      onSuccess: (_data, id) => touched(id),
    }),
    /** One action on many topologies: each succeeds or fails by itself (see the results). */
    bulk: useMutation({
      mutationFn: (request: TopologyActionRequest) =>
        send<TopologyActionResult[]>('POST', '/apis/v1/topology-actions', request),
      onSuccess: () => touched(),
      // Some may have changed before a failure: show what is there now.
      onError: () => touched(),
    }),
    killTask: useMutation({
      mutationFn: ({ id, runId, taskName }: { id: string; runId: string; taskName: string }) =>
        send<unknown>(
          'POST',
          `${topologyPath(id)}/runs/${encodeURIComponent(runId)}/tasks/${encodeURIComponent(taskName)}/kill`,
        ),
      onSuccess: (_data, { id }) => touched(id),
    }),
  };
}
