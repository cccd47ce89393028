import { useCanWrite } from '../auth/use-current-user.js';
import { ExportLink } from './export-link.js';
import { ImportButton } from './import-button.js';

/** Export and import of every topology, for the topology list's header; read-only users only export. */
export function TransferButtons() {
  const canWrite = useCanWrite();
  return (
    <>
      <ExportLink />
      {canWrite && <ImportButton />}
    </>
  );
}
