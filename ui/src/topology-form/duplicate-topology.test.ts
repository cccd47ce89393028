import { topologySchema } from '@epoch/shared';
import { describe, expect, it } from 'vitest';
import { duplicateTopology } from './duplicate-topology.js';

describe('duplicateTopology', () => {
  it('copies everything under a new name, leaving out the secrets it cannot read', () => {
    const topology = topologySchema.parse({
      name: 'chain',
      trigger: { type: 'CRON', timeSpec: '0 0 3 * * ?' },
      notify: { type: 'WEBHOOK', url: 'https://h.example.com/' },
      task: {
        type: 'COMPOSITE',
        tasks: [
          {
            type: 'HTTP',
            taskName: 'a',
            url: 'https://a.example.com/',
            headers: { Accept: 'text/plain' },
            secretHeaders: { Authorization: '<secret>' },
          },
          {
            type: 'CONTAINER_EXECUTION',
            taskName: 'b',
            executable: { url: 'app:1' },
            resources: [{ type: 'CPU', count: 1 }],
            env: { A: '1' },
            secretEnv: { DB_PASS: '<secret>' },
          },
        ],
      },
    });
    const { topology: copy, droppedSecrets } = duplicateTopology(topology);
    expect(copy.name).toBe('chain-copy');
    expect(droppedSecrets).toEqual(['a: Authorization', 'b: DB_PASS']);
    expect(JSON.stringify(copy)).not.toContain('<secret>');
    expect(copy).toMatchObject({
      trigger: topology.trigger,
      notify: topology.notify,
      task: { tasks: [{ headers: { Accept: 'text/plain' } }, { env: { A: '1' } }] },
    });
  });
});
