import { z } from 'zod';

/**
 * Topology labels in Kubernetes' syntax, so that selectors read the same as there: a key is an optional DNS
 * subdomain prefix and `/`, then a name; a value is empty or a name. `team=payments`, `example.com/tier=web`.
 */
export const MAX_LABELS = 64;
export const MAX_LABEL_NAME_LENGTH = 63;
export const MAX_LABEL_PREFIX_LENGTH = 253;
export const MAX_OWNER_LENGTH = 128;

const LABEL_NAME_REGEX = /^[a-zA-Z0-9](?:[-a-zA-Z0-9_.]*[a-zA-Z0-9])?$/;
const DNS_SUBDOMAIN_REGEX = /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*$/;
const NAME_SHAPE = `at most ${MAX_LABEL_NAME_LENGTH} letters, digits, "-", "_" or ".", starting and ending with a letter or digit`;

/** Why `key` is no label key, or null when it is one. */
export function labelKeyProblem(key: string): string | null {
  const slash = key.indexOf('/');
  const [prefix, name] = slash === -1 ? [null, key] : [key.slice(0, slash), key.slice(slash + 1)];
  if (prefix !== null && (prefix.length > MAX_LABEL_PREFIX_LENGTH || !DNS_SUBDOMAIN_REGEX.test(prefix)))
    return `key prefix "${prefix}" must be a lowercase DNS subdomain of at most ${MAX_LABEL_PREFIX_LENGTH} characters`;
  if (name.length > MAX_LABEL_NAME_LENGTH || !LABEL_NAME_REGEX.test(name))
    return `key name "${name}" must be ${NAME_SHAPE}`;
  return null;
}

/** Why `value` is no label value, or null when it is one. */
export function labelValueProblem(value: string): string | null {
  if (value === '') return null;
  return value.length > MAX_LABEL_NAME_LENGTH || !LABEL_NAME_REGEX.test(value)
    ? `value must be empty or ${NAME_SHAPE}`
    : null;
}

export const labelsSchema = z
  .record(z.string(), z.string())
  .superRefine((labels, ctx) => {
    const keys = Object.keys(labels);
    if (keys.length > MAX_LABELS)
      ctx.addIssue({ code: 'custom', message: `at most ${MAX_LABELS} labels (got ${keys.length})` });
    for (const [key, value] of Object.entries(labels)) {
      const problem = labelKeyProblem(key) ?? labelValueProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', path: [key], message: problem });
    }
  })
  .meta({
    id: 'Labels',
    description: `Kubernetes-style labels, e.g. {"team": "payments"}; at most ${MAX_LABELS}`,
  });

export type Labels = z.infer<typeof labelsSchema>;

export const ownerSchema = z
  .string()
  .trim()
  .min(1)
  .max(MAX_OWNER_LENGTH)
  .meta({ description: 'Who owns the topology: a team, a person, an address' });

/** One requirement of a selector: the label `key` is set, and to `value` when one is given. */
export interface LabelRequirement {
  key: string;
  value?: string;
}

/** `key=value` or `key` (has the label), or the reason it is neither. */
export function parseLabelRequirement(text: string): LabelRequirement | { problem: string } {
  const trimmed = text.trim();
  const equals = trimmed.indexOf('=');
  const key = (equals === -1 ? trimmed : trimmed.slice(0, equals)).trim();
  const value = equals === -1 ? undefined : trimmed.slice(equals + 1).trim();
  if (key === '') return { problem: `"${text}" names no label key (write key=value or key)` };
  const problem = labelKeyProblem(key) ?? (value === undefined ? null : labelValueProblem(value));
  if (problem) return { problem: `"${text}": ${problem}` };
  return value === undefined ? { key } : { key, value };
}

/**
 * A selector's requirements from comma-separated `key=value`/`key` terms (`team=payments,tier`), all of which
 * must hold; the reason otherwise.
 */
export function parseLabelSelector(selector: string): LabelRequirement[] | { problem: string } {
  const requirements: LabelRequirement[] = [];
  for (const term of selector.split(',')) {
    const requirement = parseLabelRequirement(term);
    if ('problem' in requirement) return requirement;
    requirements.push(requirement);
  }
  return requirements;
}

/** Whether `labels` satisfy every requirement (none: everything matches). */
export function matchesLabels(labels: Labels | undefined, requirements: LabelRequirement[]): boolean {
  return requirements.every(
    ({ key, value }) =>
      labels !== undefined && Object.hasOwn(labels, key) && (value === undefined || labels[key] === value),
  );
}

/** A selector string as input: `team=payments,tier`. */
export const labelSelectorSchema = z
  .string()
  .max(4096)
  .transform((selector, ctx) => {
    const parsed = parseLabelSelector(selector);
    if ('problem' in parsed) {
      ctx.addIssue({ code: 'custom', message: parsed.problem });
      return z.NEVER;
    }
    return parsed;
  })
  .meta({
    description: 'Comma-separated `key=value` (label equals) or `key` (label set) terms, all required',
  });
