// The one table: each figure with Epoch's value, BullMQ's from the same run, the target and whether
// Epoch met it; and the JSON file with the same rows and every scenario's raw figures.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { metCell, printTextTable } from '../text-table.js';

export interface Row {
  scenario: string;
  figure: string;
  epoch: string;
  bullmq: string;
  target: string;
  /** Whether Epoch met the target: true, false, or null when there is none. */
  met: boolean | null;
}

export interface ScenarioResult {
  rows: Row[];
  /** The figures behind the rows, for the JSON file. */
  raw: Record<string, unknown>;
}

export const fmt = {
  int: (value: number) => (Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : '–'),
  ms: (value: number) => (Number.isFinite(value) ? `${Math.round(value).toLocaleString('en-US')} ms` : '–'),
  s: (value: number) => (Number.isFinite(value) ? `${(value / 1000).toFixed(2)} s` : '–'),
  mib: (bytes: number) => (Number.isFinite(bytes) ? `${Math.round(bytes / 1024 / 1024)} MiB` : '–'),
  num: (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '–'),
  pct: (value: number) => (Number.isFinite(value) ? `${value >= 0 ? '+' : ''}${value.toFixed(1)} %` : '–'),
};

export function printTable(rows: Row[]): void {
  printTextTable(
    ['scenario', 'figure', 'Epoch', 'BullMQ', 'target', 'met'],
    rows.map((row) => [row.scenario, row.figure, row.epoch, row.bullmq, row.target, metCell(row.met)]),
  );
}

export async function writeJson(file: string, content: unknown): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(content, null, 2)}\n`);
}
