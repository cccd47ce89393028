// Whether Epoch's own file system is the one the Docker Engine binds volumes from. Only then do Epoch's
// realpath() answers describe the paths the engine will mount. A remote engine has its own; so does the host
// of an engine reached through a socket mounted into Epoch's container (docker/compose.yaml), even though
// that socket looks local.
import { existsSync } from 'node:fs';
import { isLocalEngine } from './docker-client.js';

export type EngineFileView = { visible: true } | { visible: false; reason: string };

/** Docker marks its containers with /.dockerenv, Podman with /run/.containerenv. */
const CONTAINER_MARKERS = ['/.dockerenv', '/run/.containerenv'];

export function runsInContainer(): boolean {
  return CONTAINER_MARKERS.some((marker) => existsSync(marker));
}

/** `insideContainer` is injectable so tests can force either answer. */
export function engineFileView(
  dockerHost: string | undefined,
  insideContainer: () => boolean = runsInContainer,
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
