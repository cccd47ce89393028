import { Button, FileButton, Group, Loader, Modal, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconUpload } from '@tabler/icons-react';
import { useState } from 'react';
import { ImportErrors, ImportPlan } from './import-preview.js';
import { readJsonFile } from './read-json-file.js';
import { useTopologyImport } from './use-topology-import.js';

interface Chosen {
  name: string;
  document: unknown;
  count: number;
}

const countOf = (document: unknown): number => {
  const topologies = (document as { topologies?: unknown } | null)?.topologies;
  return Array.isArray(topologies) ? topologies.length : 0;
};

/** "Import": pick an export file, see the server's dry run, then confirm. */
export function ImportButton() {
  const [opened, { open, close }] = useDisclosure(false);
  const [chosen, setChosen] = useState<Chosen | null>(null);
  const [readError, setReadError] = useState<Error | null>(null);
  const { preview, apply } = useTopologyImport();

  const reset = () => {
    setChosen(null);
    setReadError(null);
    preview.reset();
    apply.reset();
  };
  const dismiss = () => {
    close();
    reset();
  };

  const choose = async (file: File | null) => {
    reset();
    if (!file) return;
    try {
      const document = await readJsonFile(file);
      setChosen({ name: file.name, document, count: countOf(document) });
      preview.mutate(document);
    } catch (error) {
      setReadError(error as Error);
    }
  };

  const confirm = () => {
    if (!chosen) return;
    apply.mutate(chosen.document, {
      onSuccess: (result) => {
        notifications.show({
          color: 'green',
          message: `Import done: ${result.created.length} created, ${result.updated.length} updated, ${result.unchanged.length} unchanged`,
        });
        dismiss();
      },
    });
  };

  const count = chosen?.count ?? 0;
  const invalid = readError ?? preview.error;

  return (
    <>
      <Button
        variant="default"
        aria-label="Import topologies"
        leftSection={<IconUpload size={16} />}
        onClick={open}
      >
        Import
      </Button>
      <Modal opened={opened} onClose={dismiss} title="Import topologies" size="lg" centered>
        <Stack>
          <Text size="sm">
            Topologies missing here are created, those that differ are updated (state included), the others
            are left alone. Nothing is written until you confirm.
          </Text>
          <Group>
            <FileButton onChange={(file) => void choose(file)} accept="application/json,.json">
              {(props) => (
                <Button variant="default" {...props}>
                  Choose export file…
                </Button>
              )}
            </FileButton>
            {chosen && <Text size="sm">{chosen.name}</Text>}
          </Group>
          {preview.isPending && <Loader size="sm" role="status" aria-label="Checking the file" />}
          {invalid && <ImportErrors title="This file cannot be imported" error={invalid} />}
          {apply.error && <ImportErrors title="The import failed" error={apply.error} />}
          {preview.data && !apply.error && <ImportPlan result={preview.data} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={dismiss}>
              Cancel
            </Button>
            <Button disabled={!preview.isSuccess} loading={apply.isPending} onClick={confirm}>
              {`Import ${count} ${count === 1 ? 'topology' : 'topologies'}`}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
