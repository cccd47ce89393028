// Failures that settle a task's fate: retrying the same launch would fail the same way. task-outcome.ts turns
// them into task states; anything else a runtime throws is the engine being unreachable or failing.

export class ContainerRuntimeError extends Error {
  override readonly name: string = 'ContainerRuntimeError';
}

/** The spec cannot run: the engine rejected it, or it is not this runtime's to run. */
export class InvalidContainerSpecError extends ContainerRuntimeError {
  override readonly name: string = 'InvalidContainerSpecError';
}

/** A volume's host path is one this Epoch may not mount (outside the allowed directories, the Docker socket…). */
export class VolumeNotAllowedError extends InvalidContainerSpecError {
  override readonly name = 'VolumeNotAllowedError';
  constructor(
    readonly hostPath: string,
    reason: string,
  ) {
    super(`volume host path ${hostPath} is not allowed: ${reason}`);
  }
}

export class ImagePullError extends ContainerRuntimeError {
  override readonly name = 'ImagePullError';
  constructor(
    readonly image: string,
    readonly reason: string,
    readonly timedOut = false,
  ) {
    super(`image ${image} could not be pulled: ${reason}`);
  }
}

/** The container was created but the engine could not start it (e.g. its command does not exist). */
export class ContainerStartError extends ContainerRuntimeError {
  override readonly name = 'ContainerStartError';
  constructor(
    readonly containerName: string,
    readonly containerId: string,
    readonly reason: string,
  ) {
    super(`container ${containerName} could not be started: ${reason}`);
  }
}

export class ContainerNotFoundError extends ContainerRuntimeError {
  override readonly name = 'ContainerNotFoundError';
  constructor(readonly containerName: string) {
    super(`no container ${containerName}`);
  }
}
