import type { RunInfo, TopologyDetails } from '@epoch/shared';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { keys } from './queries.js';

/**
 * Keeps every query fresh from the server's event stream (`/apis/v1/events`): a run's change is written
 * into its cached record and its lists refetched; a topology change refetches topology queries. The
 * browser's EventSource reconnects by itself; on reconnect everything is refetched, since events missed
 * meanwhile are not replayed.
 */
export function useLiveUpdates(): void {
  const client = useQueryClient();
  useEffect(() => {
    const source = new EventSource('/apis/v1/events');
    let opened = false;
    source.onopen = () => {
      if (opened) void client.invalidateQueries();
      opened = true;
    };
    source.addEventListener('run', (event) => {
      const run = JSON.parse((event as MessageEvent<string>).data) as RunInfo;
      client.setQueryData(keys.run(run.topologyId, run.runId), run);
      void client.invalidateQueries({ queryKey: [...keys.runsOf(run.topologyId), 'list'] });
      void client.invalidateQueries({ queryKey: ['topologies', 'summaries'] });
    });
    source.addEventListener('topology', (event) => {
      const topology = JSON.parse((event as MessageEvent<string>).data) as TopologyDetails;
      client.setQueryData(keys.topology(topology.id), topology);
      void client.invalidateQueries({ queryKey: ['topologies', 'summaries'] });
    });
    source.addEventListener('topology-deleted', () => {
      void client.invalidateQueries({ queryKey: keys.topologies });
    });
    return () => source.close();
  }, [client]);
}
