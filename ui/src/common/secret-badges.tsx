import { Badge, Code, Group } from '@mantine/core';

/** Secret names, each marked "secret": their values never reach the browser. */
export function SecretBadges({ names }: { names: string[] }) {
  return (
    <Group gap={4}>
      {names.map((name) => (
        <Group key={name} gap={4} wrap="nowrap">
          <Code>{name}</Code>
          <Badge variant="light" color="gray" size="xs">
            secret
          </Badge>
        </Group>
      ))}
    </Group>
  );
}
