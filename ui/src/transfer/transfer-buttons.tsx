import { ExportLink } from './export-link.js';
import { ImportButton } from './import-button.js';

/** Export and import of every topology, for the topology list's header. */
export function TransferButtons() {
  return (
    <>
      <ExportLink />
      <ImportButton />
    </>
  );
}
