import { clusterStatusSchema, type ClusterStatus } from '@epoch/shared';
import type { Election } from '../cluster/election.js';
import type { NodeRegistry } from '../cluster/node-registry.js';
import type { ZkClient } from '../zk/zk-client.js';
import { sendSuccess } from './envelope.js';
import { failures, ok } from './openapi-responses.js';
import { declareRoute, type Route } from './route-declaration.js';

export interface ClusterRouteDeps {
  election: Election;
  registry: NodeRegistry;
  zk: ZkClient;
}

/** `GET /apis/v1/cluster`: the live nodes, which one leads, and the ZooKeeper connection. */
export function clusterRoutes({ election, registry, zk }: ClusterRouteDeps): Route[] {
  return [
    declareRoute({
      method: 'get',
      path: '/cluster',
      handle: async (_req, res) => {
        const leader = election.leader;
        const members = await registry.members();
        const status: ClusterStatus = {
          leader,
          nodes: members
            .map((member) => ({
              ...member,
              role: member.url === leader ? ('LEADER' as const) : ('FOLLOWER' as const),
            }))
            .sort((a, b) => a.url.localeCompare(b.url)),
          zookeeper: { connected: zk.connected, connectionString: zk.connectionString },
        };
        sendSuccess(res, status);
      },
      openapi: {
        tags: ['cluster'],
        summary: 'Live nodes with their roles, and the ZooKeeper connection',
        responses: { ...ok(clusterStatusSchema, 'The cluster as this node sees it'), ...failures(503) },
      },
    }),
  ];
}
