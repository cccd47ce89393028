import type { Labels } from '@epoch/shared';
import { Badge, Group } from '@mantine/core';

/** A topology's labels as `key=value` chips (`key` alone for an empty value); nothing without labels. */
export function LabelBadges({ labels, owner }: { labels: Labels | undefined; owner?: string | null }) {
  const entries = Object.entries(labels ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (entries.length === 0 && !owner) return null;
  return (
    <Group gap={4} aria-label="Labels" role="list">
      {owner && (
        <Badge role="listitem" size="sm" variant="outline" color="gray" tt="none" title="Owner">
          owner: {owner}
        </Badge>
      )}
      {entries.map(([key, value]) => {
        const text = value === '' ? key : `${key}=${value}`;
        return (
          <Badge key={key} role="listitem" size="sm" variant="light" color="indigo" tt="none" title={text}>
            {text}
          </Badge>
        );
      })}
    </Group>
  );
}
