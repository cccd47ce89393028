import { z } from 'zod';
import { labelSelectorSchema } from './label-schema.js';

export const TOPOLOGY_ACTIONS = ['PAUSE', 'RESUME', 'RUN', 'DELETE'] as const;
export type TopologyAction = (typeof TOPOLOGY_ACTIONS)[number];

/** Most topologies one request may name by id. */
export const MAX_ACTION_IDS = 1000;

/** `POST /apis/v1/topology-actions`: one action on topologies named by id, or on those a label selector picks. */
export const topologyActionRequestSchema = z
  .object({
    action: z.enum(TOPOLOGY_ACTIONS),
    ids: z
      .array(z.string().min(1).max(255))
      .min(1)
      .max(MAX_ACTION_IDS)
      .superRefine((ids, ctx) => {
        const seen = new Set<string>();
        ids.forEach((id, index) => {
          if (seen.has(id)) ctx.addIssue({ code: 'custom', path: [index], message: `duplicate id "${id}"` });
          seen.add(id);
        });
      })
      .optional()
      .meta({ description: 'The topologies, by id; or give `selector`' }),
    selector: labelSelectorSchema
      .optional()
      .meta({ description: 'Label selector (`team=payments,tier`) picking the topologies; or give `ids`' }),
  })
  .strict()
  .superRefine((request, ctx) => {
    if ((request.ids === undefined) === (request.selector === undefined))
      ctx.addIssue({
        code: 'custom',
        path: [request.ids === undefined ? 'ids' : 'selector'],
        message: 'give exactly one of ids and selector',
      });
  })
  .meta({ id: 'TopologyActionRequest' });

export type TopologyActionRequest = z.input<typeof topologyActionRequestSchema>;

/** What became of one topology: each is acted on by itself, one failing stops no other. */
export const topologyActionResultSchema = z
  .object({
    id: z.string(),
    ok: z.boolean(),
    error: z.string().optional().meta({ description: 'Why it failed, when it did' }),
    runId: z.string().optional().meta({ description: 'RUN: the new run' }),
  })
  .meta({ id: 'TopologyActionResult' });

export type TopologyActionResult = z.infer<typeof topologyActionResultSchema>;
