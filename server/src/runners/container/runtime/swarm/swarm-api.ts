// The few Swarm calls of the Engine API, typed (dockerode's service and task methods return untyped answers, and
// its createService cannot be aborted). Errors are dockerode's: statusCodeOf() reads the engine's status.
import type Dockerode from 'dockerode';
import type { ServiceSpec, SwarmService, SwarmTask } from './swarm-objects.js';

interface Request {
  path: string;
  method: 'GET' | 'POST' | 'DELETE';
  /** The query for GET and DELETE, the JSON body for POST. */
  options?: object;
  authconfig?: Dockerode.AuthConfigObject;
  signal?: AbortSignal;
}

function call<T>(docker: Dockerode, request: Request): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    docker.modem.dial(
      {
        path: request.path,
        method: request.method,
        options: request.options ?? {},
        authconfig: request.authconfig,
        abortSignal: request.signal,
        // Any other status becomes an error carrying it.
        statusCodes: { 200: true, 201: true, 204: true },
      },
      (error, data) => (error ? reject(error) : resolve(data as T)),
    );
  });
}

/** `filters` as the engine parses them: a JSON object of string lists, in the query. */
function filters(values: Record<string, string[]>): { filters: string } {
  return { filters: JSON.stringify(values) };
}

export async function createService(
  docker: Dockerode,
  spec: ServiceSpec,
  auth: Dockerode.AuthConfigObject | undefined,
  signal?: AbortSignal,
): Promise<string> {
  const created = await call<{ ID: string }>(docker, {
    path: '/services/create',
    method: 'POST',
    options: spec,
    // The node that runs the task pulls with it (X-Registry-Auth).
    authconfig: auth,
    signal,
  });
  return created.ID;
}

/**
 * The digest the image's registry gives for `image`, asked by the engine with the credentials (X-Registry-Auth),
 * as `docker service create` does. Rejects with the engine's error when the registry refuses or cannot be reached.
 */
export async function registryDigestOf(
  docker: Dockerode,
  image: string,
  auth: Dockerode.AuthConfigObject | undefined,
  signal?: AbortSignal,
): Promise<string> {
  // The reference goes into the path as it is, slashes and all: the engine's route takes the rest of the path.
  const answer = await call<{ Descriptor: { digest: string } }>(docker, {
    path: `/distribution/${image}/json`,
    method: 'GET',
    authconfig: auth,
    signal,
  });
  return answer.Descriptor.digest;
}

/** By id or name; rejects with status 404 when there is none. */
export function inspectService(
  docker: Dockerode,
  idOrName: string,
  signal?: AbortSignal,
): Promise<SwarmService> {
  return call(docker, { path: `/services/${encodeURIComponent(idOrName)}`, method: 'GET', signal });
}

export function listServices(
  docker: Dockerode,
  labels: string[],
  signal?: AbortSignal,
): Promise<SwarmService[]> {
  return call(docker, { path: '/services?', method: 'GET', options: filters({ label: labels }), signal });
}

/** The tasks of one service. */
export function tasksOf(docker: Dockerode, serviceId: string, signal?: AbortSignal): Promise<SwarmTask[]> {
  return call(docker, { path: '/tasks?', method: 'GET', options: filters({ service: [serviceId] }), signal });
}

/** The tasks of every service labelled so: a task is filtered by its service's labels. */
export function tasksByServiceLabel(
  docker: Dockerode,
  labels: string[],
  signal?: AbortSignal,
): Promise<SwarmTask[]> {
  return call(docker, { path: '/tasks?', method: 'GET', options: filters({ label: labels }), signal });
}

/** `version` is the one the spec was read at: Swarm refuses an update made on an outdated read. */
export async function updateService(
  docker: Dockerode,
  id: string,
  version: number,
  spec: SwarmService['Spec'],
): Promise<void> {
  await call(docker, {
    path: `/services/${encodeURIComponent(id)}/update?`,
    method: 'POST',
    // The modem's way of sending a query and a body at once.
    options: { _query: { version }, _body: spec },
  });
}

/** Rejects with status 404 when there is no such service. */
export async function removeService(docker: Dockerode, idOrName: string): Promise<void> {
  await call(docker, { path: `/services/${encodeURIComponent(idOrName)}`, method: 'DELETE' });
}
