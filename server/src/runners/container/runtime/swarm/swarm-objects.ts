// The parts of the Engine API's Swarm objects that Epoch reads and writes (API 1.41); dockerode's own types
// leave service and task answers untyped.
import type { BindMount } from '../docker/create-options.js';

/** The body of `POST /services/create`. */
export interface ServiceSpec {
  Name: string;
  Labels: Record<string, string>;
  TaskTemplate: {
    ContainerSpec: {
      Image: string;
      Args?: string[];
      Env: string[];
      Labels: Record<string, string>;
      User?: string;
      ReadOnly: boolean;
      Mounts: BindMount[];
      CapabilityDrop: string[];
      CapabilityAdd: string[];
      Privileges: { NoNewPrivileges: boolean };
      StopGracePeriod: number;
    };
    Resources: {
      Reservations: { NanoCPUs?: number; MemoryBytes?: number };
      Limits: { NanoCPUs?: number; MemoryBytes: number; Pids: number };
      SwapBytes: number;
    };
    Placement?: Placement;
    RestartPolicy: { Condition: 'none'; MaxAttempts: 0 };
    LogDriver: { Name: string; Options: Record<string, string> };
  };
  Mode: { ReplicatedJob: { MaxConcurrent: 1; TotalCompletions: 1 } };
}

/** Where a task may run; on a service's TaskTemplate and copied to each of its tasks. */
export interface Placement {
  Constraints?: string[];
  Preferences?: Array<{ Spread: { SpreadDescriptor: string } }>;
  [field: string]: unknown;
}

/** `GET /services` and `GET /services/{id}`; the spec is sent back whole on update, unread fields included. */
export interface SwarmService {
  ID: string;
  CreatedAt: string;
  Version: { Index: number };
  Spec: {
    Name: string;
    Labels?: Record<string, string>;
    TaskTemplate: {
      Resources?: { Limits?: { MemoryBytes?: number } };
      Placement?: Placement;
      [field: string]: unknown;
    };
    [field: string]: unknown;
  };
}

/** Swarm's task states (swarmkit's TaskState), from creation to the end. */
export type SwarmTaskState =
  | 'new'
  | 'allocated'
  | 'pending'
  | 'assigned'
  | 'accepted'
  | 'preparing'
  | 'ready'
  | 'starting'
  | 'running'
  | 'complete'
  | 'shutdown'
  | 'failed'
  | 'rejected'
  | 'remove'
  | 'orphaned';

/** `GET /tasks`. */
export interface SwarmTask {
  ID: string;
  ServiceID: string;
  CreatedAt: string;
  DesiredState?: SwarmTaskState;
  Spec?: { Placement?: Placement };
  Status: {
    Timestamp?: string;
    State: SwarmTaskState;
    Message?: string;
    Err?: string;
    ContainerStatus?: { ContainerID?: string; ExitCode?: number };
  };
}
