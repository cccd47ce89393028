// Registry credentials from Epoch's config, keyed by registry host, picked for an image the way Docker
// resolves an image reference's registry.
import type Dockerode from 'dockerode';

export interface RegistryCredentials {
  username: string;
  password: string;
}

/** `{ [registryHost]: credentials }`, e.g. `{ "registry.example.com:5000": { … } }`; Docker Hub is `docker.io`. */
export type RegistryAuth = Record<string, RegistryCredentials>;

const DOCKER_HUB = 'docker.io';

/** Docker's rule: the first path component is a registry when it has a dot or a port, or is `localhost`. */
export function registryHostOf(image: string): string {
  const slash = image.indexOf('/');
  if (slash < 0) return DOCKER_HUB;
  const first = image.slice(0, slash);
  return first.includes('.') || first.includes(':') || first === 'localhost' ? first : DOCKER_HUB;
}

export function authConfigFor(image: string, auth: RegistryAuth): Dockerode.AuthConfigObject | undefined {
  const serveraddress = registryHostOf(image);
  const credentials = auth[serveraddress];
  return credentials === undefined ? undefined : { ...credentials, serveraddress };
}

// What dockerd says when a registry wants other credentials: Distribution's `unauthorized: authentication
// required`, Docker's own `no basic auth credentials` when it sent none, and Docker Hub's access denial.
const AUTH_REFUSAL =
  /unauthorized|authentication required|no basic auth credentials|access to the resource is denied/i;

/**
 * The engine's reason a registry refused an image, saying which credentials Epoch gave it, so that an operator
 * knows whether to add them or fix them. Only the registry host is named: never a username or password.
 */
export function refusalReason(image: string, engineMessage: string, auth: RegistryAuth): string {
  if (!AUTH_REFUSAL.test(engineMessage)) return engineMessage;
  const host = registryHostOf(image);
  const given =
    auth[host] === undefined
      ? `EPOCH_REGISTRY_AUTH has no credentials for ${host}`
      : `${host} refused the credentials EPOCH_REGISTRY_AUTH has for it`;
  return `registry authentication failed (${given}): ${engineMessage}`;
}
