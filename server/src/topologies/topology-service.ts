import {
  ConflictError,
  inputError,
  parseInput,
  simpleTopologyEditRequestSchema,
  topologySchema,
  type ContainerTask,
  type FieldIssue,
  type Topology,
  type TopologyDetails,
  type TopologyListQuery,
  type TopologyState,
} from '@epoch/shared';
import { isDeepStrictEqual } from 'node:util';
import type { EventBus } from '../events/event-bus.js';
import type { SecretKeyRing } from '../secrets/secret-key-ring.js';
import { sealTopologySecrets } from '../secrets/topology-secrets.js';
import type { ScheduleStore } from '../store/schedule-store.js';
import type { TopologyStore, Versioned } from '../store/topology-store.js';
import type { Clock } from '../time/clock.js';
import type { ListFacts } from './list-facts.js';
import { refusedDestinationIssues, type LiteralDestinationPolicy } from './refused-destinations.js';
import { selectTopologies } from './select-topologies.js';
import type { TopologyCatalog } from './topology-catalog.js';
import { withState } from './topology-state-change.js';

const MAX_CAS_ATTEMPTS = 5;

/** Topology lifecycle: validation before any write, compare-and-set updates, clock-stamped. */
export class TopologyService {
  constructor(
    private readonly store: TopologyStore,
    private readonly schedules: ScheduleStore,
    private readonly clock: Clock,
    private readonly bus: EventBus,
    private readonly catalog: TopologyCatalog,
    private readonly egress: LiteralDestinationPolicy,
    private readonly secrets: SecretKeyRing,
    private readonly facts: ListFacts,
  ) {}

  /**
   * `actor` is who asks (recorded as the author). `state` lets an import recreate a paused topology
   * paused, without a window in which it could fire.
   */
  async create(input: unknown, actor: string, state: TopologyState = 'ACTIVE'): Promise<TopologyDetails> {
    const topology = withMetadata(this.sealed(this.validTopology(input), null, { keepOmitted: true }), null);
    const now = this.clock.now();
    const details: TopologyDetails = {
      id: topology.name,
      topology,
      state,
      created: now,
      updated: now,
      createdBy: actor,
      updatedBy: actor,
      ...(state === 'PAUSED' && { pausedAt: now, pausedBy: actor }),
    };
    // Its schedule node starts at creation: the first fire is the first one after it.
    const created = (await this.store.create(details, [this.schedules.createOp(details.id, now)])).value;
    this.bus.publish({ type: 'TOPOLOGY_CHANGED', topology: created });
    return created;
  }

  /** Epoch's full update (`PUT /topologies`): the body's name identifies the topology. */
  async update(input: unknown, actor: string): Promise<TopologyDetails> {
    const topology = this.validTopology(input);
    return this.mutate(topology.name, actor, (current) => ({
      ...current,
      // An Epoch client knows no labels or owner: its update leaves them as they are, as it does secrets.
      topology: withMetadata(
        this.sealed(topology, current.topology, { keepOmitted: true }),
        current.topology,
      ),
    }));
  }

  /** Definition and state in one write (an import); nothing is written when both are as stored. */
  async replace(input: unknown, state: TopologyState, actor: string): Promise<TopologyDetails> {
    // The AT check comes in mutate, only for a write: an unchanged past AT trigger is left alone.
    const topology = parseInput(topologySchema, input);
    const refused = refusedDestinationIssues(topology, this.egress);
    if (refused.length > 0) throw inputError(refused);
    return this.mutate(topology.name, actor, (current) => {
      const sealed = withMetadata(this.sealed(topology, current.topology, { keepOmitted: false }), null);
      return sameDefinition(current, { topology: sealed, state })
        ? null
        : withState({ ...current, topology: sealed }, state, actor, this.clock.now());
    });
  }

  /** Epoch's simple edit: the flat form becomes a single `docker-task` on a cron trigger. */
  async simpleEdit(id: string, input: unknown, actor: string): Promise<TopologyDetails> {
    const request = parseInput(simpleTopologyEditRequestSchema, input);
    return this.mutate(id, actor, (current) => {
      // The flat form has no secrets: a single container task keeps its own, which env may not shadow.
      const secretEnv =
        current.topology.task.type === 'CONTAINER_EXECUTION' ? current.topology.task.secretEnv : undefined;
      const shadowed = Object.keys(request.env).filter((name) => secretEnv && name in secretEnv);
      if (shadowed.length > 0)
        throw inputError(
          shadowed.map((name) => ({ field: `env.${name}`, message: 'is a secret of this task' })),
        );
      const task: ContainerTask = {
        type: 'CONTAINER_EXECUTION',
        taskName: 'docker-task',
        executable: { type: 'DOCKER', url: request.docker, dockerPullTimeout: '120 seconds' },
        resources: [
          { type: 'CPU', count: request.cpus },
          { type: 'MEMORY', sizeInMB: request.memory },
        ],
        volumes: request.volumes,
        configs: [],
        tags: {},
        env: request.env,
        secretEnv,
      };
      const emails = (request.notifyEmail ?? '')
        .split(',')
        .map((email) => email.trim())
        .filter(Boolean);
      return {
        ...current,
        topology: {
          ...current.topology,
          task,
          trigger: { type: 'CRON', timeSpec: request.cron, timeZone: request.timeZone },
          notify: emails.length > 0 ? { type: 'MAIL', emails } : null,
        },
      };
    });
  }

  async get(id: string): Promise<TopologyDetails> {
    return (await this.store.require(id)).value;
  }

  async list(query: TopologyListQuery): Promise<{ items: TopologyDetails[]; total: number }> {
    return selectTopologies(this.catalog.list() ?? (await this.store.list()), query, this.facts);
  }

  /**
   * Idempotent: pausing a paused topology (or unpausing an active one) writes nothing, and keeps who paused
   * it first. The pause or resume is recorded on the topology (see withState).
   */
  async setState(id: string, state: TopologyState, actor: string): Promise<TopologyDetails> {
    return this.mutate(id, actor, (current) =>
      current.state === state ? null : withState(current, state, actor, this.clock.now()),
    );
  }

  async remove(id: string): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      const current = await this.store.require(id);
      try {
        await this.store.remove(id, current.version);
        this.bus.publish({ type: 'TOPOLOGY_DELETED', topologyId: id });
        return true;
      } catch (error) {
        if (!(error instanceof ConflictError) || attempt >= MAX_CAS_ATTEMPTS) throw error;
      }
    }
  }

  /**
   * Read-modify-write with compare-and-set, retried when another writer got in between.
   * `change` returns null when there is nothing to write.
   */
  private async mutate(
    id: string,
    actor: string,
    change: (current: TopologyDetails) => TopologyDetails | null,
  ): Promise<TopologyDetails> {
    for (let attempt = 1; ; attempt++) {
      const current: Versioned<TopologyDetails> = await this.store.require(id);
      const next = change(current.value);
      if (next === null) return current.value;
      this.rejectPastAtTrigger(next.topology);
      try {
        const stored = (
          await this.store.replace({ ...next, updated: this.clock.now(), updatedBy: actor }, current.version)
        ).value;
        this.bus.publish({ type: 'TOPOLOGY_CHANGED', topology: stored });
        return stored;
      } catch (error) {
        if (!(error instanceof ConflictError) || attempt >= MAX_CAS_ATTEMPTS) throw error;
      }
    }
  }

  /** What refuses a definition written now, beyond its schema: a past AT trigger, a refused address. */
  definitionIssues(topology: Topology): FieldIssue[] {
    const pastAt = pastAtTriggerIssue(topology, this.clock.now());
    return [...(pastAt ? [pastAt] : []), ...refusedDestinationIssues(topology, this.egress)];
  }

  /**
   * What refuses a definition's secrets against what is stored (`stored`: the topology it replaces): a
   * "<secret>" with nothing stored, a value and no key, a sealed value that does not open here.
   */
  secretIssues(topology: Topology, stored: Topology | null, options: { keepOmitted: boolean }): FieldIssue[] {
    return sealTopologySecrets(topology, stored, this.secrets, options).issues;
  }

  /** The topology as stored: its secrets sealed (see sealTopologySecrets); InputError naming each bad one. */
  private sealed(topology: Topology, stored: Topology | null, options: { keepOmitted: boolean }): Topology {
    const result = sealTopologySecrets(topology, stored, this.secrets, options);
    if (result.issues.length > 0) throw inputError(result.issues);
    return result.topology;
  }

  private validTopology(input: unknown): Topology {
    const topology = parseInput(topologySchema, input);
    const issues = this.definitionIssues(topology);
    if (issues.length > 0) throw inputError(issues);
    return topology;
  }

  private rejectPastAtTrigger(topology: Topology): void {
    const issue = pastAtTriggerIssue(topology, this.clock.now());
    if (issue) throw inputError([issue]);
  }
}

/**
 * The topology's labels and owner as stored: with `stored` (a full update), omitted ones are kept; an empty
 * label map or a null owner is stored as none, so that an unlabelled topology looks as Epoch's does.
 */
export function withMetadata(topology: Topology, stored: Topology | null): Topology {
  const { labels: given, owner: givenOwner, ...rest } = topology;
  const labels = given ?? stored?.labels;
  const owner = givenOwner === undefined ? stored?.owner : givenOwner;
  return {
    ...rest,
    ...(labels && Object.keys(labels).length > 0 && { labels }),
    ...(owner && { owner }),
  };
}

/** Epoch fires a past AT trigger at once; we refuse it instead. */
function pastAtTriggerIssue(topology: Topology, now: number): FieldIssue | null {
  return topology.trigger.type === 'AT' && topology.trigger.time <= now
    ? { field: 'trigger.time', message: 'must be in the future' }
    : null;
}

/** Same topology definition and state; JSON-normalised, so an absent field equals an undefined one. */
export function sameDefinition(
  a: Pick<TopologyDetails, 'topology' | 'state'>,
  b: Pick<TopologyDetails, 'topology' | 'state'>,
): boolean {
  const normal = ({ topology, state }: Pick<TopologyDetails, 'topology' | 'state'>): unknown =>
    JSON.parse(JSON.stringify({ topology, state }));
  return isDeepStrictEqual(normal(a), normal(b));
}
