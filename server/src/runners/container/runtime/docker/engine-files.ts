// Whether Epoch's own file system is the one the Docker Engine binds volumes from. Only then do Epoch's
// realpath() answers describe the paths the engine will mount. A remote engine has its own; so does the host
// of an engine reached through a socket mounted into Epoch's container (docker/compose.yaml), even though
// that socket looks local.
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { EngineFileView } from '../host-paths.js';
import { isLocalEngine } from './docker-client.js';

/** Docker marks its containers with /.dockerenv, Podman with /run/.containerenv. */
const CONTAINER_MARKERS = ['/.dockerenv', '/run/.containerenv'];
/** Where dockerd writes its pid unless told otherwise. */
const DOCKERD_PID_FILE = '/var/run/docker.pid';

/**
 * Whether Epoch runs in a container apart from the engine. A dockerd this process can see, with the same root
 * directory, shares its file system whatever the markers say (an engine started beside Epoch in one sandbox);
 * otherwise Docker's and Podman's container markers decide.
 */
export function runsApartFromEngine(): boolean {
  if (dockerdSharesOurRoot()) return false;
  return CONTAINER_MARKERS.some((marker) => existsSync(marker));
}

function dockerdSharesOurRoot(): boolean {
  try {
    const pid = Number(readFileSync(DOCKERD_PID_FILE, 'utf8').trim());
    if (!Number.isInteger(pid) || pid <= 0) return false;
    const theirs = statSync(`/proc/${pid}/root/`);
    const ours = statSync('/');
    return theirs.dev === ours.dev && theirs.ino === ours.ino;
  } catch {
    // No pid file, no such process in this PID namespace, or no right to look: nothing shows it is shared.
    return false;
  }
}

/** `insideContainer` is injectable so tests can force either answer. */
export function engineFileView(
  dockerHost: string | undefined,
  insideContainer: () => boolean = runsApartFromEngine,
): EngineFileView {
  if (!isLocalEngine(dockerHost)) return { visible: false, reason: 'the Docker Engine is remote' };
  if (insideContainer()) {
    return {
      visible: false,
      reason: "Epoch runs in a container, whose file system is not the engine host's",
    };
  }
  return { visible: true };
}
