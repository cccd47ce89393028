import type { Role } from '@epoch/shared';
import { Badge } from '@mantine/core';

const LOOK: Record<Role, { label: string; color: string }> = {
  READ_WRITE: { label: 'read-write', color: 'indigo' },
  READ_ONLY: { label: 'read-only', color: 'gray' },
};

export function RoleBadge({ role }: { role: Role }) {
  const { label, color } = LOOK[role];
  return (
    <Badge variant="light" color={color} size="sm" style={{ flexShrink: 0 }}>
      {label}
    </Badge>
  );
}
