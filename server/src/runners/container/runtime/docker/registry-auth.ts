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
