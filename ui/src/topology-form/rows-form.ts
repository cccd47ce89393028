import type { GetInputPropsReturnType } from '@mantine/form';

/** What an editable list of rows uses of its @mantine/form form; the rows are the list at `path` in its values. */
export interface RowsForm<Row> {
  getInputProps: (path: string) => GetInputPropsReturnType;
  insertListItem: (path: string, row: Row) => void;
  removeListItem: (path: string, index: number) => void;
}
