import type {
  ContainerExit,
  ContainerRuntime,
  ContainerSpec,
  ContainerStatus,
  ContainerSummary,
  ContainerWatch,
  ExitListener,
  LabelFilter,
  LaunchResult,
  LogChunk,
  LogOptions,
} from './container-runtime.js';
import { EPOCH_LABELS } from './labels.js';
import { ContainerNotFoundError } from './runtime-errors.js';

interface Container {
  spec: ContainerSpec;
  status: ContainerStatus;
  output: LogChunk[];
}

/**
 * The container runtime in memory, for table tests: the same contract as the Docker adapter (a launch is
 * idempotent by name, a kill ends the container with 137, each exit is reported once to the watchers), with
 * containers ended by the test through `exit`. `launches` counts real launches, adoptions apart.
 */
export class MemoryContainerRuntime implements ContainerRuntime {
  readonly containers = new Map<string, Container>();
  readonly launches: string[] = [];
  private readonly listeners = new Set<ExitListener>();
  private nextId = 1;

  constructor(private readonly now: () => number = Date.now) {}

  async launch(spec: ContainerSpec): Promise<LaunchResult> {
    const existing = this.containers.get(spec.name);
    if (existing) return { containerId: existing.status.containerId, adopted: true };
    const containerId = `memory-${this.nextId++}`;
    const facts = { containerId, name: spec.name, labels: spec.labels };
    this.containers.set(spec.name, {
      spec,
      status: { ...facts, state: 'running', startedAt: this.now() },
      output: [],
    });
    this.launches.push(spec.name);
    return { containerId, adopted: false };
  }

  watch(signal: AbortSignal, onExit: ExitListener): ContainerWatch {
    this.listeners.add(onExit);
    const done = new Promise<void>((resolve) =>
      signal.addEventListener('abort', () => resolve(void this.listeners.delete(onExit)), { once: true }),
    );
    return { ready: Promise.resolve(), done };
  }

  async inspect(name: string): Promise<ContainerStatus | null> {
    return this.containers.get(name)?.status ?? null;
  }

  async kill(name: string): Promise<boolean> {
    const container = this.containers.get(name);
    if (container?.status.state !== 'running') return false;
    await this.exit(name, 137);
    return true;
  }

  async *logs(name: string, options: LogOptions): AsyncIterable<LogChunk> {
    const container = this.containers.get(name);
    if (!container) throw new ContainerNotFoundError(name);
    const chunks = options.tail === undefined ? container.output : container.output.slice(-options.tail);
    for (const chunk of chunks) yield chunk;
  }

  async listByLabel(filter: LabelFilter = {}): Promise<ContainerSummary[]> {
    const wanted: Array<[string, string | undefined]> = [
      [EPOCH_LABELS.topologyId, filter.topologyId],
      [EPOCH_LABELS.runId, filter.runId],
      [EPOCH_LABELS.taskName, filter.taskName],
    ];
    return [...this.containers.values()]
      .filter(({ spec }) =>
        wanted.every(([label, value]) => value === undefined || spec.labels[label] === value),
      )
      .map(({ status }) => ({
        containerId: status.containerId,
        name: status.name,
        labels: status.labels,
        state: status.state,
      }));
  }

  async remove(name: string): Promise<boolean> {
    return this.containers.delete(name);
  }

  /** Prints a line to the container's stdout. */
  print(name: string, text: string): void {
    this.require(name).output.push({ stream: 'stdout', bytes: Buffer.from(text) });
  }

  /** Ends a running container with `exitCode` and tells every watcher, in order. */
  async exit(name: string, exitCode: number, oomKilled = false): Promise<void> {
    const container = this.require(name);
    const { containerId, labels } = container.status;
    const finishedAt = this.now();
    container.status = { containerId, name, labels, state: 'exited', exitCode, oomKilled, finishedAt };
    const exit: ContainerExit = { containerId, name, exitCode, oomKilled, finishedAt, labels };
    for (const listener of this.listeners) await listener(exit);
  }

  private require(name: string): Container {
    const container = this.containers.get(name);
    if (!container) throw new ContainerNotFoundError(name);
    return container;
  }
}
