import type { JobCollections, JobRoute, JobStatus } from '@epoch/shared';
import { useQuery } from '@tanstack/react-query';
import { ApiError, getData } from '../api/client.js';

/** A job in one collection of one database. */
export interface JobRef {
  database: string;
  collection: string;
  id: string;
}

const jobKeys = {
  collections: ['jobs', 'collections'] as const,
  job: ({ database, collection, id }: JobRef) => ['jobs', 'one', database, collection, id] as const,
  routes: (database: string) => ['jobs', 'routes', database] as const,
};

/** Jobs have no live events: the counts are polled, like the overview. */
export function useJobCollections() {
  return useQuery({
    queryKey: jobKeys.collections,
    queryFn: ({ signal }) => getData<JobCollections>('/apis/v1/job-collections', signal),
    refetchInterval: 10_000,
  });
}

/** Where a job is; null when the server knows no such job (a 404 is an answer here, not an error). */
export function useJobStatus(ref: JobRef | null) {
  return useQuery({
    queryKey: ref ? jobKeys.job(ref) : ['jobs', 'one'],
    queryFn: async ({ signal }) => {
      const { database, collection, id } = ref!;
      const path = [database, collection, id].map(encodeURIComponent).join('/');
      try {
        return await getData<JobStatus>(`/apis/v1/jobs/${path}`, signal);
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }
    },
    enabled: ref !== null,
    retry: false,
  });
}

export function useJobRoutes(database: string) {
  return useQuery({
    queryKey: jobKeys.routes(database),
    queryFn: ({ signal }) =>
      getData<JobRoute[]>(`/apis/v1/job-routes/${encodeURIComponent(database)}`, signal),
    enabled: database !== '',
    retry: false,
  });
}
