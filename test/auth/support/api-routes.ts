// Every /apis operation the authentication test calls, with a path and a body for each kind of caller.
import { TOPOLOGY_EXPORT_FORMAT_VERSION } from '@epoch/shared';
import { containerTopology, httpTopology } from '../../../server/test/support/topologies.js';

export type Role = 'READ_WRITE' | 'READ_ONLY';

/** A trigger that does not fire while a test runs. */
export const far = () => ({ type: 'CRON', timeSpec: '0 0 3 1 1 ? 2099' });

/** A one-shot job that does not fire while a test runs. */
export const farJob = (id: string, route: string) => ({ id, trigger_ms: Date.UTC(2099, 0, 1), route });

export interface Route {
  method: string;
  /** The OpenAPI path template it exercises. */
  template: string;
  path: (kind: string) => string;
  body?: (kind: string, role: Role) => unknown;
}

/**
 * Every /apis operation, `run` giving the path of the caller kind's finished run. api-auth.test.ts checks
 * that this list and the OpenAPI document agree.
 */
export function apiRoutes(run: (kind: string) => string): Route[] {
  return [
    { method: 'GET', template: '/apis/v1/me', path: () => '/apis/v1/me' },
    { method: 'GET', template: '/apis/v1/overview', path: () => '/apis/v1/overview' },
    { method: 'GET', template: '/apis/v1/topologies', path: () => '/apis/v1/topologies' },
    {
      method: 'GET',
      template: '/apis/v1/topologies/{topologyId}',
      path: (k) => `/apis/v1/topologies/t-${k}`,
    },
    {
      method: 'GET',
      template: '/apis/v1/topologies/{topologyId}/runs',
      path: (k) => `/apis/v1/topologies/t-${k}/runs`,
    },
    { method: 'GET', template: '/apis/v1/topologies/{topologyId}/runs/{runId}', path: run },
    {
      method: 'GET',
      template: '/apis/v1/topologies/{topologyId}/runs/{runId}/tasks/{taskName}/log',
      path: (k) => `${run(k)}/tasks/docker-task/log`,
    },
    {
      method: 'GET',
      template: '/apis/v1/topologies/{topologyId}/runs/{runId}/tasks/{taskName}/log/stream',
      path: (k) => `${run(k)}/tasks/docker-task/log/stream`,
    },
    { method: 'GET', template: '/apis/v1/events', path: () => '/apis/v1/events' },
    {
      method: 'GET',
      template: '/apis/v1/cron/preview',
      path: () => '/apis/v1/cron/preview?expression=0+0+12+*+*+%3F',
    },
    { method: 'GET', template: '/apis/v1/topology-summaries', path: () => '/apis/v1/topology-summaries' },
    { method: 'GET', template: '/apis/v1/topology-export', path: () => '/apis/v1/topology-export' },
    { method: 'GET', template: '/apis/v1/cluster', path: () => '/apis/v1/cluster' },
    { method: 'GET', template: '/apis/housekeeping/v1/leader', path: () => '/apis/housekeeping/v1/leader' },
    { method: 'GET', template: '/apis/v1/job-collections', path: () => '/apis/v1/job-collections' },
    { method: 'GET', template: '/apis/v1/job-routes/{database}', path: () => '/apis/v1/job-routes/auth' },
    {
      method: 'GET',
      template: '/apis/v1/job-routes/{database}/{routeId}',
      path: (k) => `/apis/v1/job-routes/auth/r-${k}`,
    },
    {
      method: 'GET',
      template: '/apis/v1/jobs/{database}/{collection}',
      path: (k) => `/apis/v1/jobs/auth/c-${k}`,
    },
    {
      method: 'GET',
      template: '/apis/v1/jobs/{database}/{collection}/{id}',
      path: (k) => `/apis/v1/jobs/auth/c-${k}/j-${k}`,
    },
    {
      method: 'POST',
      template: '/apis/v1/topologies',
      path: () => '/apis/v1/topologies',
      body: (k, role) => ({ ...httpTopology(`new-${k}-${role}`.toLowerCase()), trigger: far() }),
    },
    {
      method: 'PUT',
      template: '/apis/v1/topologies',
      path: () => '/apis/v1/topologies',
      body: (k) => ({ ...containerTopology(`t-${k}`), trigger: far(), notify: null }),
    },
    {
      method: 'PUT',
      template: '/apis/v1/topologies/{topologyId}',
      path: (k) => `/apis/v1/topologies/t-${k}`,
      body: () => ({ cron: '0 0 3 1 1 ? 2099', docker: 'epoch-test/busybox:1', cpus: 1, memory: 128 }),
    },
    {
      method: 'PUT',
      template: '/apis/v1/topologies/{topologyId}/pause',
      path: (k) => `/apis/v1/topologies/t-${k}/pause`,
    },
    {
      method: 'PUT',
      template: '/apis/v1/topologies/{topologyId}/unpause',
      path: (k) => `/apis/v1/topologies/t-${k}/unpause`,
    },
    {
      method: 'PUT',
      template: '/apis/v1/topologies/{topologyId}/run',
      path: (k) => `/apis/v1/topologies/t-${k}/run`,
    },
    {
      method: 'POST',
      template: '/apis/v1/topologies/{topologyId}/runs/{runId}/tasks/{taskName}/kill',
      path: (k) => `${run(k)}/tasks/docker-task/kill`,
    },
    {
      method: 'POST',
      template: '/apis/v1/topologies/{topologyId}/runs/{runId}/rerun',
      path: (k) => `${run(k)}/rerun`,
    },
    {
      method: 'POST',
      template: '/apis/v1/topology-import',
      path: () => '/apis/v1/topology-import?dryRun=true',
      body: () => ({ formatVersion: TOPOLOGY_EXPORT_FORMAT_VERSION, exportedAt: Date.now(), topologies: [] }),
    },
    {
      method: 'POST',
      template: '/apis/v1/topology-actions',
      path: () => '/apis/v1/topology-actions',
      body: (k) => ({ action: 'PAUSE', ids: [`t-${k}`] }),
    },
    {
      method: 'PUT',
      template: '/apis/v1/job-routes/{database}/{routeId}',
      path: (k) => `/apis/v1/job-routes/auth/r-${k}`,
      body: () => ({ webhook_url: 'http://127.0.0.1:9/hook' }),
    },
    {
      method: 'POST',
      template: '/apis/v1/jobs/{database}/{collection}',
      path: (k) => `/apis/v1/jobs/auth/c-${k}`,
      body: (k) => [farJob(`new-${k}`, `r-${k}`)],
    },
    {
      method: 'DELETE',
      template: '/apis/v1/jobs/{database}/{collection}/{id}',
      path: (k) => `/apis/v1/jobs/auth/c-${k}/j-${k}`,
    },
    {
      method: 'DELETE',
      template: '/apis/v1/jobs/{database}/{collection}',
      path: (k) => `/apis/v1/jobs/auth/c-${k}?idPrefix=new-`,
    },
    {
      method: 'DELETE',
      template: '/apis/v1/job-routes/{database}/{routeId}',
      path: (k) => `/apis/v1/job-routes/auth/r-${k}`,
    },
    // Last: it removes the caller's topology.
    {
      method: 'DELETE',
      template: '/apis/v1/topologies/{topologyId}',
      path: (k) => `/apis/v1/topologies/t-${k}`,
    },
  ];
}
