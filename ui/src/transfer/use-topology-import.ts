import type { TopologyImportResult } from '@epoch/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { send } from '../api/client.js';
import { keys } from '../api/queries.js';

const importPath = (dryRun: boolean) => `/apis/v1/topology-import${dryRun ? '?dryRun=true' : ''}`;

/** The dry run that previews an import, and the import itself, which refreshes every topology query. */
export function useTopologyImport() {
  const client = useQueryClient();
  const preview = useMutation({
    mutationFn: (document: unknown) => send<TopologyImportResult>('POST', importPath(true), document),
  });
  const apply = useMutation({
    mutationFn: (document: unknown) => send<TopologyImportResult>('POST', importPath(false), document),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.topologies }),
  });
  return { preview, apply };
}
