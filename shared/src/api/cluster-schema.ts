import { z } from 'zod';

/** What each Epoch node says about itself in ZooKeeper (an ephemeral node: it exists while the node is up). */
export const clusterMemberSchema = z
  .object({
    url: z.string().meta({ description: 'The advertised URL other nodes forward requests to' }),
    version: z.string(),
    startedAt: z.number().int().meta({ description: 'Epoch milliseconds' }),
  })
  .meta({ id: 'ClusterMember' });

export const clusterNodeSchema = clusterMemberSchema
  .extend({ role: z.enum(['LEADER', 'FOLLOWER']) })
  .meta({ id: 'ClusterNode' });

export const clusterStatusSchema = z
  .object({
    leader: z
      .string()
      .nullable()
      .meta({ description: "The leader's advertised URL, null while none is elected" }),
    nodes: z.array(clusterNodeSchema),
    zookeeper: z.object({
      connected: z.boolean(),
      connectionString: z.string(),
    }),
  })
  .meta({ id: 'ClusterStatus' });

export type ClusterMember = z.infer<typeof clusterMemberSchema>;
export type ClusterNode = z.infer<typeof clusterNodeSchema>;
export type ClusterStatus = z.infer<typeof clusterStatusSchema>;
