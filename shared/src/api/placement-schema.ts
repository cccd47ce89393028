// Where a container task may run, in Swarm's own terms (`docker service create --constraint/--placement-pref`), so
// an operator's knowledge of their nodes carries over. Checked here rather than left to the manager: a constraint
// Swarm would accept but no node can ever match (a typo'd key) would only show as a task that never starts.
import { z } from 'zod';

const MAX_CONSTRAINTS = 16;
const MAX_PREFERENCES = 4;
const MAX_PLACEMENT_TEXT = 256;

/** Node and engine labels: Swarm's own key syntax, after the prefix. */
const LABEL_KEY = String.raw`(?:node|engine)\.labels\.[A-Za-z0-9_][A-Za-z0-9_.-]*`;
/** The node attributes Swarm matches constraints on. */
const NODE_ATTRIBUTE = String.raw`node\.(?:id|hostname|role|platform\.os|platform\.arch)`;
/**
 * A subset of what swarmkit accepts as a value: no spaces and no characters that are (or may become) operators,
 * so a value can never be read as a second condition.
 */
const VALUE = String.raw`[A-Za-z0-9_.:/*+-]+`;

export const PLACEMENT_CONSTRAINT_REGEX = new RegExp(
  String.raw`^\s*(${NODE_ATTRIBUTE}|${LABEL_KEY})\s*(==|!=)\s*(${VALUE})\s*$`,
);
export const SPREAD_DESCRIPTOR_REGEX = new RegExp(`^${LABEL_KEY}$`);

const NODE_ROLES = ['manager', 'worker'];

/** Why `constraint` is not one Swarm can match, or undefined when it is. */
export function placementConstraintProblem(constraint: string): string | undefined {
  const match = PLACEMENT_CONSTRAINT_REGEX.exec(constraint);
  if (!match) {
    return (
      'must be "<key>==<value>" or "<key>!=<value>" with key node.id, node.hostname, node.role, ' +
      'node.platform.os, node.platform.arch, node.labels.<name> or engine.labels.<name>, e.g. node.labels.pool==batch'
    );
  }
  // Any other role matches no node: the task would never be placed.
  if (match[1] === 'node.role' && !NODE_ROLES.includes(match[3]!.toLowerCase())) {
    return 'node.role can only be manager or worker';
  }
  return undefined;
}

const constraintSchema = z
  .string()
  .max(MAX_PLACEMENT_TEXT)
  .superRefine((constraint, context) => {
    const problem = placementConstraintProblem(constraint);
    if (problem !== undefined) context.addIssue({ code: 'custom', message: problem });
  });

const spreadPreferenceSchema = z.object({
  spread: z
    .string()
    .max(MAX_PLACEMENT_TEXT)
    .regex(SPREAD_DESCRIPTOR_REGEX, 'must be a node or engine label, e.g. node.labels.zone'),
});

export const placementSchema = z
  .object({
    constraints: z.array(constraintSchema).max(MAX_CONSTRAINTS).default([]),
    preferences: z.array(spreadPreferenceSchema).max(MAX_PREFERENCES).default([]),
  })
  .meta({
    id: 'Placement',
    description:
      'Ours: which nodes may run the task (every constraint must hold) and how tasks spread over them, ' +
      'as Swarm reads them; the docker runtime runs on its one engine and ignores it',
  });

export type TaskPlacement = z.infer<typeof placementSchema>;
