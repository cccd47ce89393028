// One dockerode client per runtime, built from Epoch's `dockerHost` setting (a DOCKER_HOST-style address).
import Dockerode from 'dockerode';

const LOCAL_SOCKET = '/var/run/docker.sock';

/**
 * dockerode's options for `unix:///path`, `tcp://host:port` (plain HTTP, like the docker CLI without TLS) or
 * `https://host:port` (certificates from DOCKER_CERT_PATH, as dockerode reads them); the local socket when
 * absent. dockerode also reads DOCKER_HOST itself, so every option here is explicit to make the setting win.
 */
export function dockerClientOptions(dockerHost?: string): Dockerode.DockerOptions {
  if (dockerHost === undefined || dockerHost === '') return { socketPath: LOCAL_SOCKET, host: undefined };
  const url = parseDockerHost(dockerHost);
  switch (url.protocol) {
    case 'unix:':
      return { socketPath: url.pathname || LOCAL_SOCKET, host: undefined };
    case 'tcp:':
    case 'http:':
      return { protocol: 'http', host: url.hostname, port: url.port || 2375 };
    case 'https:':
      return { protocol: 'https', host: url.hostname, port: url.port || 2376 };
    default:
      throw new Error(`dockerHost ${dockerHost}: use unix:///path/to/docker.sock or tcp://host:port`);
  }
}

/** Whether the engine is reached through a unix socket (engine-files.ts says whether it shares our files). */
export function isLocalEngine(dockerHost?: string): boolean {
  return dockerClientOptions(dockerHost).socketPath !== undefined;
}

/** The engine sockets no volume may expose: Docker's usual paths, and the configured one. */
export function engineSocketPaths(dockerHost?: string): string[] {
  const configured = dockerClientOptions(dockerHost).socketPath;
  return [...new Set([LOCAL_SOCKET, '/run/docker.sock', ...(configured === undefined ? [] : [configured])])];
}

export function createDockerClient(dockerHost?: string): Dockerode {
  return new Dockerode(dockerClientOptions(dockerHost));
}

function parseDockerHost(dockerHost: string): URL {
  try {
    return new URL(dockerHost);
  } catch {
    throw new Error(`dockerHost ${dockerHost} is not an address such as unix:///var/run/docker.sock`);
  }
}
