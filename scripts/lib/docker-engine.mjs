// Docker Engine: find where its API is, check that it answers, and start a local dockerd when it does not.
import http from 'node:http';
import { reporter, UserFacingError } from './cli.mjs';
import { spawnWithLog, stopChild, tieLifetimeToParent, waitForChildReady } from './child-processes.mjs';
import { displayPath, epochPath } from './project-paths.mjs';
import { findCommand, isRoot } from './system-packages.mjs';

const say = reporter('setup');

const LOCAL_SOCKET = '/var/run/docker.sock';
const PING_TIMEOUT_MS = 2_000;
const DOCKERD_START_TIMEOUT_MS = 60_000;
/** dockerd gives running containers 15 s to stop when it is told to stop: a little more for itself. */
const DOCKERD_STOP_GRACE_MS = 20_000;

/**
 * Where the Docker Engine API is: DOCKER_HOST when set, else the local socket. `request` holds the
 * node:http options to reach it; it is missing for schemes that plain HTTP cannot check (e.g. ssh://).
 */
export function dockerEndpoint(dockerHost = process.env.DOCKER_HOST) {
  if (!dockerHost) {
    return { label: `unix://${LOCAL_SOCKET}`, request: { socketPath: LOCAL_SOCKET }, isLocal: true };
  }
  const url = parseDockerHost(dockerHost);
  if (url.protocol === 'unix:') return { label: dockerHost, request: { socketPath: url.pathname } };
  if (url.protocol === 'tcp:') {
    return { label: dockerHost, request: { host: url.hostname, port: Number(url.port || 2375) } };
  }
  return { label: dockerHost };
}

function parseDockerHost(dockerHost) {
  try {
    return new URL(dockerHost);
  } catch {
    throw new UserFacingError(
      `DOCKER_HOST=${dockerHost} is not a valid address (e.g. unix:///var/run/docker.sock)`,
    );
  }
}

/**
 * GET /_ping. Any HTTP response counts as an answer: a TLS-protected DOCKER_HOST replies 400 to plain HTTP,
 * and that still proves the daemon is there. Resolves `{ answers, reason }`, reason being why it did not.
 */
export function pingDocker(request, timeoutMs = PING_TIMEOUT_MS) {
  return new Promise((resolve) => {
    const ping = http.get({ ...request, path: '/_ping', timeout: timeoutMs }, (response) => {
      response.resume();
      resolve({ answers: true });
    });
    ping.once('timeout', () => ping.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
    ping.once('error', (error) => resolve({ answers: false, reason: error.code ?? error.message }));
  });
}

/**
 * Makes sure a Docker Engine answers, starting the local dockerd when that is ours to start (never with
 * DOCKER_HOST set). With `stopWithCaller` (`npm start`) a dockerd started here is tied to this process and
 * the result's stop() stops it; without (`npm test`'s set-up) it keeps running like a system service. A
 * Docker Engine that answered already is left alone either way.
 */
export async function ensureDockerEngine(_purpose, { stopWithCaller = false } = {}) {
  const endpoint = dockerEndpoint();
  const named = endpoint.isLocal ? '' : ' (DOCKER_HOST)';
  if (!endpoint.request) {
    say(`DOCKER_HOST=${endpoint.label} cannot be checked from here; assuming it answers`);
    return undefined;
  }
  const ping = await pingDocker(endpoint.request);
  if (ping.answers) {
    say(`Docker Engine answers at ${endpoint.label}${named}; it is left running as it is`);
    return undefined;
  }
  assertLocalDaemonIsOursToStart(endpoint, ping.reason);
  const dockerd = await startDockerd(endpoint.request, { stopWithCaller });
  say(`Docker Engine answers at ${endpoint.label}`);
  if (!stopWithCaller) return undefined;
  return {
    stop: async () => {
      say('stopping the dockerd it started …');
      await stopChild(dockerd, 'SIGTERM', DOCKERD_STOP_GRACE_MS);
    },
  };
}

function assertLocalDaemonIsOursToStart(endpoint, reason) {
  if (!endpoint.isLocal) {
    throw new UserFacingError(
      `Docker Engine at DOCKER_HOST=${endpoint.label} does not answer (${reason}). ` +
        'Start it, or unset DOCKER_HOST to use a local Docker Engine.',
    );
  }
  if (reason === 'EACCES') {
    throw new UserFacingError(
      `no permission to use ${LOCAL_SOCKET}. Add yourself to the docker group ` +
        '(sudo usermod -aG docker "$USER", then log in again) or run as root.',
    );
  }
  if (!isRoot()) {
    throw new UserFacingError(
      'Docker Engine is not running and starting it needs root. Start it (sudo systemctl start docker), ' +
        'then run this again; or set DOCKER_HOST to a Docker Engine that runs elsewhere.',
    );
  }
}

async function startDockerd(request, { stopWithCaller }) {
  const logPath = epochPath('logs', 'dockerd.log');
  const lifetime = stopWithCaller ? ', which stops when this stops' : '';
  say(`starting dockerd${lifetime} (log: ${displayPath(logPath)}) …`);
  let dockerd;
  try {
    dockerd = await spawnWithLog(findCommand('dockerd') ?? 'dockerd', [], { logPath });
    if (stopWithCaller) {
      // However this process ends (Ctrl-C during the build, a crash), dockerd is told to stop.
      tieLifetimeToParent(dockerd);
    } else {
      // A daemon: it keeps running after setup exits, like a system service would.
      dockerd.unref();
    }
    await waitForChildReady({
      child: dockerd,
      name: 'dockerd',
      logPath,
      timeoutMs: DOCKERD_START_TIMEOUT_MS,
      isReady: async () => (await pingDocker(request)).answers,
    });
    return dockerd;
  } catch (error) {
    if (dockerd && stopWithCaller) await stopChild(dockerd, 'SIGTERM', DOCKERD_STOP_GRACE_MS);
    throw new UserFacingError(`Docker Engine could not be started: ${error.message}`);
  }
}
