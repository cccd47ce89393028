import { z } from 'zod';
import type { FieldIssue } from '../errors/index.js';
import { inputError, issuesOf } from './parse-input.js';
import { topologySchema, topologyStateSchema } from './topology-schema.js';

/**
 * Format 2 may carry sealed secrets (`secretEnv`, `secretHeaders`); a server that knows only format 1 refuses
 * such a file instead of importing the topologies without their secrets. Format 1 files still import.
 */
export const TOPOLOGY_EXPORT_FORMAT_VERSION = 2;

export const topologyExportEntrySchema = z.object({ topology: topologySchema, state: topologyStateSchema });

/**
 * Every topology of a server as one file (`GET /apis/v1/topology-export`), and what
 * `POST /apis/v1/topology-import` reads back. Names must be unique, since a name is a topology's id:
 * {@link parseTopologyExport} checks that too.
 */
export const topologyExportSchema = z
  .object({
    formatVersion: z.literal([1, TOPOLOGY_EXPORT_FORMAT_VERSION]),
    exportedAt: z.number().int().meta({ description: 'When the export was taken, epoch ms' }),
    topologies: z.array(topologyExportEntrySchema),
  })
  .meta({ id: 'TopologyExport', description: 'Every topology with its state, sorted by name.' });

export type TopologyExport = z.infer<typeof topologyExportSchema>;
export type TopologyExportEntry = z.infer<typeof topologyExportEntrySchema>;

/**
 * Parses an export document, or throws an InputError naming every offending field, duplicate names
 * included. Duplicates are looked for in the raw input because a zod refinement would stay silent
 * while any other part of the document is invalid.
 */
export function parseTopologyExport(input: unknown): TopologyExport {
  const result = topologyExportSchema.safeParse(input);
  const issues = [...(result.success ? [] : issuesOf(result.error)), ...duplicateNameIssues(input)];
  if (result.success && issues.length === 0) return result.data;
  throw inputError(issues);
}

function duplicateNameIssues(input: unknown): FieldIssue[] {
  const entries = (input as { topologies?: unknown } | null)?.topologies;
  if (!Array.isArray(entries)) return [];
  const firstIndex = new Map<string, number>();
  const issues: FieldIssue[] = [];
  entries.forEach((entry: unknown, index) => {
    const name = (entry as { topology?: { name?: unknown } } | null)?.topology?.name;
    if (typeof name !== 'string') return;
    const first = firstIndex.get(name);
    if (first === undefined) firstIndex.set(name, index);
    else
      issues.push({
        field: `topologies.${index}.topology.name`,
        message: `duplicate name "${name}" (also at topologies.${first})`,
      });
  });
  return issues;
}

/** What an import did (or, on a dry run, would do), by topology name. */
export const topologyImportResultSchema = z
  .object({
    created: z.array(z.string()),
    updated: z.array(z.string()),
    unchanged: z.array(z.string()),
  })
  .meta({ id: 'TopologyImportResult' });

export type TopologyImportResult = z.infer<typeof topologyImportResultSchema>;

export const topologyImportQuerySchema = z
  .object({
    dryRun: z
      .enum(['true', 'false'])
      .default('false')
      .transform((value) => value === 'true')
      .meta({ description: 'Answer what the import would do, writing nothing' }),
  })
  .meta({ id: 'TopologyImportQuery' });
