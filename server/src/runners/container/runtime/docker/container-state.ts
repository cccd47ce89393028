// The engine's view of a container, as the runtime interface's. Pure.
import type Dockerode from 'dockerode';
import type {
  ContainerExit,
  ContainerState,
  ContainerStatus,
  ContainerSummary,
} from '../container-runtime.js';

const BYTES_PER_MB = 1024 * 1024;

export function statusFromInspect(info: Dockerode.ContainerInspectInfo): ContainerStatus {
  const facts = {
    containerId: info.Id,
    name: info.Name.replace(/^\//, ''),
    labels: info.Config.Labels ?? {},
  };
  const { State: state } = info;
  const error = state.Error === '' ? undefined : state.Error;
  switch (stateOf(state.Status)) {
    case 'created':
      return { ...facts, state: 'created', error };
    case 'running':
      return { ...facts, state: 'running', startedAt: Date.parse(state.StartedAt) };
    case 'exited':
      return {
        ...facts,
        state: 'exited',
        exitCode: state.ExitCode,
        oomKilled: state.OOMKilled,
        startedAt: engineTime(state.StartedAt),
        finishedAt: engineTime(state.FinishedAt),
        error,
      };
  }
}

/** The container's exit, or null while it has not finished. One the engine failed to start has finished too. */
export function exitFromInspect(info: Dockerode.ContainerInspectInfo): ContainerExit | null {
  const status = statusFromInspect(info);
  if (status.state === 'running' || (status.state === 'created' && status.error === undefined)) return null;
  const memory = info.HostConfig.Memory ?? 0;
  return {
    containerId: status.containerId,
    name: status.name,
    exitCode: info.State.ExitCode,
    oomKilled: info.State.OOMKilled,
    error: status.error,
    finishedAt: status.state === 'exited' ? status.finishedAt : undefined,
    memoryLimitMb: memory > 0 ? memory / BYTES_PER_MB : undefined,
    labels: status.labels,
  };
}

export function summaryFromList(info: Dockerode.ContainerInfo): ContainerSummary {
  return {
    containerId: info.Id,
    name: (info.Names[0] ?? info.Id).replace(/^\//, ''),
    labels: info.Labels,
    state: stateOf(info.State),
  };
}

/** Docker's seven states in the interface's three: paused and restarting still run, removing and dead ended. */
function stateOf(dockerState: string): ContainerState {
  switch (dockerState) {
    case 'created':
      return 'created';
    case 'running':
    case 'paused':
    case 'restarting':
      return 'running';
    default:
      return 'exited';
  }
}

/** Epoch ms, or undefined for Docker's "never" (0001-01-01T00:00:00Z). */
function engineTime(text: string): number | undefined {
  const ms = Date.parse(text);
  return Number.isNaN(ms) || ms <= 0 ? undefined : ms;
}
