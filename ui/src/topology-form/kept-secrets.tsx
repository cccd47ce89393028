import { Group, Text } from '@mantine/core';
import { SecretBadges } from '../common/secret-badges.js';

/**
 * The task's secrets, by name only: the API never sends their values. The form sends them back as read
 * ("<secret>", unchanged); setting or removing one goes through the API.
 */
export function KeptSecrets({
  label,
  secrets,
}: {
  label: string;
  secrets: Record<string, unknown> | undefined;
}) {
  const names = Object.keys(secrets ?? {});
  if (names.length === 0) return null;
  return (
    <Group gap="xs">
      <Text size="sm">{label}:</Text>
      <SecretBadges names={names} />
      <Text size="xs" c="dimmed">
        kept unchanged; set or remove them through the API
      </Text>
    </Group>
  );
}
