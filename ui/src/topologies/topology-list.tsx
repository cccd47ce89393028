import type { TopologyDetails } from '@epoch/shared';
import { useEffect, useState } from 'react';
import { getData } from '../shared/api-client.js';

type Load =
  { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'loaded'; items: TopologyDetails[] };

function describeTrigger(details: TopologyDetails): string {
  const trigger = details.topology.trigger;
  return trigger.type === 'CRON'
    ? `Cron: ${trigger.timeSpec} (${trigger.timeZone})`
    : `At ${new Date(trigger.time).toISOString()}`;
}

export function TopologyList() {
  const [load, setLoad] = useState<Load>({ kind: 'loading' });

  useEffect(() => {
    const controller = new AbortController();
    getData<TopologyDetails[]>('/apis/v1/topologies', controller.signal)
      .then((items) => setLoad({ kind: 'loaded', items }))
      .catch((error: unknown) => {
        if (!controller.signal.aborted) setLoad({ kind: 'error', message: String(error) });
      });
    return () => controller.abort();
  }, []);

  if (load.kind === 'loading') return <p>Loading topologies…</p>;
  if (load.kind === 'error') return <p role="alert">Could not load topologies: {load.message}</p>;
  if (load.items.length === 0) return <p>No topologies yet.</p>;
  return (
    <table>
      <thead>
        <tr>
          <th>ID</th>
          <th>Task type</th>
          <th>Trigger</th>
          <th>State</th>
        </tr>
      </thead>
      <tbody>
        {load.items.map((details) => (
          <tr key={details.id}>
            <td>{details.id}</td>
            <td>{details.topology.task.type}</td>
            <td>{describeTrigger(details)}</td>
            <td>{details.state}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
