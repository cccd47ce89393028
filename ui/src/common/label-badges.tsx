import type { Labels } from '@epoch/shared';
import { Badge, Group } from '@mantine/core';

/**
 * A topology's labels as `key=value` chips (`key` alone for an empty value); nothing without labels. With
 * `onPick`, each chip is a button handing its `key=value` on (the list adds it to its label filter).
 */
export function LabelBadges({
  labels,
  owner,
  onPick,
}: {
  labels: Labels | undefined;
  owner?: string | null;
  onPick?: (term: string) => void;
}) {
  const entries = Object.entries(labels ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (entries.length === 0 && !owner) return null;
  return (
    // Chips that are buttons are a group of buttons, not a list.
    <Group gap={4} aria-label="Labels" role={onPick ? 'group' : 'list'}>
      {owner && (
        <Badge
          role={onPick ? undefined : 'listitem'}
          size="sm"
          variant="outline"
          color="gray"
          tt="none"
          title="Owner"
        >
          owner: {owner}
        </Badge>
      )}
      {entries.map(([key, value]) => {
        const text = value === '' ? key : `${key}=${value}`;
        const term = `${key}=${value}`;
        return (
          <Badge
            key={key}
            role={onPick ? undefined : 'listitem'}
            size="sm"
            variant="light"
            color="indigo"
            tt="none"
            title={onPick ? `Show only topologies labelled ${term}` : text}
            {...(onPick && {
              component: 'button',
              type: 'button',
              style: { cursor: 'pointer' },
              onClick: () => onPick(term),
            })}
          >
            {text}
          </Badge>
        );
      })}
    </Group>
  );
}
