import type { FieldIssue, Task, Topology } from '@epoch/shared';

export interface LiteralDestinationPolicy {
  /** Whether the URL names an address (not a host name) that calls may never reach. */
  refusesLiteral(url: string): boolean;
}

export const REFUSED_DESTINATION_MESSAGE =
  'this address is not allowed by the egress policy (EPOCH_EGRESS_ALLOW opens it)';

/**
 * A topology's URLs (HTTP tasks, a webhook notification, a container's syslog server) that name a refused address outright: every call would
 * fail, so the definition is refused when written. Fields are named as the schema's issues are.
 */
export function refusedDestinationIssues(topology: Topology, policy: LiteralDestinationPolicy): FieldIssue[] {
  const issues = taskIssues(topology.task, 'task', policy);
  const { notify } = topology;
  if (notify?.type === 'WEBHOOK' && policy.refusesLiteral(notify.url))
    issues.push({ field: 'notify.url', message: REFUSED_DESTINATION_MESSAGE });
  return issues;
}

function taskIssues(task: Task, path: string, policy: LiteralDestinationPolicy): FieldIssue[] {
  if (task.type === 'COMPOSITE')
    return task.tasks.flatMap((child, index) => taskIssues(child, `${path}.tasks.${index}`, policy));
  if (task.type === 'HTTP' && policy.refusesLiteral(task.url))
    return [{ field: `${path}.url`, message: REFUSED_DESTINATION_MESSAGE }];
  if (
    task.type === 'CONTAINER_EXECUTION' &&
    task.logging?.type === 'RSYSLOG' &&
    policy.refusesLiteral(task.logging.server)
  )
    return [{ field: `${path}.logging.server`, message: REFUSED_DESTINATION_MESSAGE }];
  return [];
}
