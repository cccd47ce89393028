import { Button } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';

export const EXPORT_URL = '/apis/v1/topology-export';

/** A plain download link: the server names the file (`Content-Disposition`). */
export function ExportLink() {
  return (
    <Button
      component="a"
      href={EXPORT_URL}
      download
      variant="default"
      aria-label="Export topologies"
      leftSection={<IconDownload size={16} />}
    >
      Export
    </Button>
  );
}
