// The table: each figure with one column per runtime measured. Issue 21 sets no figure to reach, so the only
// targets are the invariants: every run completes, and nothing of the benchmark is left on the engine.
import { fmt } from '../jobs/report.js';
import { metCell, printTextTable } from '../text-table.js';
import type { RuntimeResult } from './measure-runtime.js';

interface Row {
  figure: string;
  values: string[];
  target: string;
  met: boolean | null;
}

export function printTable(results: RuntimeResult[]): void {
  const rows = tableRows(results);
  printTextTable(
    ['figure', ...results.map((result) => result.runtime), 'target', 'met'],
    rows.map((row) => [row.figure, ...row.values, row.target, metCell(row.met)]),
  );
  for (const result of results) {
    if (result.unavailable) console.log(`\n${result.runtime}: not measured, ${result.unavailable}`);
    for (const run of result.figures?.notCompleted.slice(0, 5) ?? []) {
      console.log(
        `${result.runtime}: ${run.topologyId} ${run.runId ?? '(no run)'} ${run.state ?? ''} ${run.why ?? ''}`,
      );
    }
  }
}

function tableRows(results: RuntimeResult[]): Row[] {
  const each = (value: (result: RuntimeResult) => string) =>
    results.map((result) => (result.figures ? value(result) : '–'));
  const figures = (result: RuntimeResult) => result.figures!;
  const memory = (result: RuntimeResult) => result.memory!;
  const noTarget = (figure: string, values: string[]): Row => ({ figure, values, target: '', met: null });
  const measured = results.filter((result) => result.figures);
  return [
    noTarget(
      'runs triggered',
      each((result) => fmt.int(figures(result).runs)),
    ),
    noTarget(
      'launches/s',
      each((result) => fmt.num(figures(result).launchesPerSecond, 2)),
    ),
    noTarget(
      'launch→running p50 (engine)',
      each((result) => fmt.ms(figures(result).launchToRunning.p50)),
    ),
    noTarget(
      'launch→running p99 (engine)',
      each((result) => fmt.ms(figures(result).launchToRunning.p99)),
    ),
    noTarget(
      'launch→RUNNING p50 (run API)',
      each((result) => fmt.ms(figures(result).launchToRunningRecorded.p50)),
    ),
    noTarget(
      'launch→RUNNING p99 (run API)',
      each((result) => fmt.ms(figures(result).launchToRunningRecorded.p99)),
    ),
    noTarget(
      'launch→run end p50',
      each((result) => fmt.ms(figures(result).total.p50)),
    ),
    noTarget(
      'launch→run end p99',
      each((result) => fmt.ms(figures(result).total.p99)),
    ),
    noTarget(
      'leader RSS idle',
      each((result) => fmt.mib(memory(result).idleRss)),
    ),
    noTarget(
      'leader RSS peak',
      each((result) => fmt.mib(memory(result).peakRss)),
    ),
    {
      figure: 'runs not completed',
      values: each((result) => fmt.int(figures(result).notCompleted.length)),
      target: '0',
      met: measured.every((result) => figures(result).notCompleted.length === 0),
    },
    {
      figure: 'containers/services left',
      values: results.map((result) => fmt.int(result.left.length)),
      target: '0',
      met: results.every((result) => result.left.length === 0),
    },
  ];
}
