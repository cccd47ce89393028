import {
  inputError,
  parseTopologyExport,
  TOPOLOGY_EXPORT_FORMAT_VERSION,
  type Role,
  type TopologyDetails,
  type TopologyExport,
  type TopologyExportEntry,
  type TopologyImportResult,
  type TopologyListQuery,
} from '@epoch/shared';
import { redactCredentials } from '../secrets/redact-credentials.js';
import type { Clock } from '../time/clock.js';
import { sameDefinition, withMetadata, type TopologyService } from './topology-service.js';

const ALL_BY_NAME: TopologyListQuery = { sort: 'name', order: 'asc', offset: 0 };

type Action = keyof TopologyImportResult;

/** Export of every topology as one document, and its idempotent import, through the TopologyService. */
export class TopologyTransfer {
  constructor(
    private readonly topologies: TopologyService,
    private readonly clock: Clock,
  ) {}

  /**
   * Secrets are exported sealed (only a server holding their key can import them). A READ_ONLY caller's
   * export has credential-looking `env`/`headers` redacted, as in every other read: not a faithful backup.
   */
  async exportAll(role: Role): Promise<TopologyExport> {
    const { items } = await this.topologies.list(ALL_BY_NAME);
    return {
      formatVersion: TOPOLOGY_EXPORT_FORMAT_VERSION,
      exportedAt: this.clock.now(),
      topologies: items.map(({ topology, state }) => ({
        topology: role === 'READ_WRITE' ? topology : redactCredentials(topology),
        state,
      })),
    };
  }

  /**
   * Validates the whole document against what is stored before writing anything, then creates what is
   * missing and updates what differs, one topology at a time. Should a concurrent writer make a write fail
   * half-way, running the same import again completes it: what is already in place counts as unchanged.
   */
  async importAll(
    input: unknown,
    options: { dryRun: boolean; actor: string },
  ): Promise<TopologyImportResult> {
    const document = parseTopologyExport(input);
    const stored = new Map((await this.topologies.list(ALL_BY_NAME)).items.map((d) => [d.id, d]));
    const plan = document.topologies.map((entry) => ({ entry, action: actionFor(entry, stored) }));

    const issues = plan.flatMap(({ entry, action }, index) => {
      if (action === 'unchanged') return [];
      const { topology } = entry;
      const storedTopology = stored.get(topology.name)?.topology ?? null;
      return [
        ...this.topologies.definitionIssues(topology),
        // Named by topology too: a secret sealed with a key this server lacks is a whole-file problem to fix.
        ...this.topologies
          .secretIssues(topology, storedTopology, { keepOmitted: false })
          .map((issue) => ({ ...issue, message: `topology "${topology.name}": ${issue.message}` })),
      ].map((issue) => ({ ...issue, field: `topologies.${index}.topology.${issue.field}` }));
    });
    if (issues.length > 0) throw inputError(issues);

    const result: TopologyImportResult = { created: [], updated: [], unchanged: [] };
    for (const { entry, action } of plan) {
      if (!options.dryRun && action === 'created')
        await this.topologies.create(entry.topology, options.actor, entry.state);
      if (!options.dryRun && action === 'updated')
        await this.topologies.replace(entry.topology, entry.state, options.actor);
      result[action].push(entry.topology.name);
    }
    return result;
  }
}

function actionFor(entry: TopologyExportEntry, stored: Map<string, TopologyDetails>): Action {
  const current = stored.get(entry.topology.name);
  if (!current) return 'created';
  // An empty label map is stored as none: not a difference.
  return sameDefinition(current, { ...entry, topology: withMetadata(entry.topology, null) })
    ? 'unchanged'
    : 'updated';
}
