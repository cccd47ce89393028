import { describe, expect, it } from 'vitest';
import { eventRoutes } from '../../src/api/event-routes.js';
import { logRoutes, type LogRouteDeps } from '../../src/api/log-routes.js';
import { openApiDocument } from '../../src/api/openapi-document.js';
import { RouteRegistry } from '../../src/api/route-declaration.js';
import { runRoutes, type RunRouteDeps } from '../../src/api/run-routes.js';
import { EventBus } from '../../src/events/event-bus.js';

/** The document of these routes alone; no request is served, so their dependencies are never used. */
function documentOfRunRoutes() {
  const routes = new RouteRegistry();
  routes.router('/apis/v1', [
    ...runRoutes({} as RunRouteDeps),
    ...logRoutes({} as LogRouteDeps),
    ...eventRoutes(new EventBus()),
  ]);
  return openApiDocument('test', routes.paths());
}

interface Operation {
  parameters?: Array<{ in: string; name: string }>;
  responses: Record<string, { content?: Record<string, unknown> }>;
}

describe('OpenAPI document: run, log and event endpoints', () => {
  const paths = documentOfRunRoutes().paths as Record<string, Record<string, Operation>>;
  const task = '/apis/v1/topologies/{topologyId}/runs/{runId}/tasks/{taskName}';

  it('declares each endpoint with its method', () => {
    expect(
      Object.fromEntries(
        [
          '/apis/v1/topologies/{topologyId}/run',
          '/apis/v1/topologies/{topologyId}/runs',
          '/apis/v1/topologies/{topologyId}/runs/{runId}',
          `${task}/kill`,
          `${task}/log`,
          `${task}/log/stream`,
          '/apis/v1/events',
        ].map((path) => [path, Object.keys(paths[path] ?? {})]),
      ),
    ).toEqual({
      '/apis/v1/topologies/{topologyId}/run': ['put'],
      '/apis/v1/topologies/{topologyId}/runs': ['get'],
      '/apis/v1/topologies/{topologyId}/runs/{runId}': ['get'],
      [`${task}/kill`]: ['post'],
      [`${task}/log`]: ['get'],
      [`${task}/log/stream`]: ['get'],
      '/apis/v1/events': ['get'],
    });
  });

  it('generates query parameters and media types from the schemas that validate them', () => {
    const queryOf = (operation: Operation | undefined) =>
      operation?.parameters?.filter((p) => p.in === 'query').map((p) => p.name);
    expect(queryOf(paths['/apis/v1/topologies/{topologyId}/runs']?.get)).toEqual([
      'state',
      'runType',
      'sort',
      'order',
      'offset',
      'limit',
    ]);
    const stream = paths[`${task}/log/stream`]?.get;
    expect(queryOf(stream)).toEqual(['follow', 'tail', 'attempt']);
    expect(Object.keys(stream?.responses['200']?.content ?? {})).toEqual(['text/plain']);
    const events = paths['/apis/v1/events']?.get;
    expect(queryOf(events)).toEqual(['topologyId']);
    expect(Object.keys(events?.responses['200']?.content ?? {})).toEqual(['text/event-stream']);
  });
});
