import { DataList } from '@mantine/core';
import type { ReactNode } from 'react';

/** One label/value pair of a DataList; long values (URLs, ids) wrap rather than widen the page on phones. */
export function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <DataList.Item>
      <DataList.ItemLabel>{label}</DataList.ItemLabel>
      <DataList.ItemValue style={{ minWidth: 0, overflowWrap: 'anywhere' }}>{children}</DataList.ItemValue>
    </DataList.Item>
  );
}
