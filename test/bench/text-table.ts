// The benchmarks' console tables: columns padded to their widest cell, a rule under the header, and a met column
// that shouts when a target is missed.

export const metCell = (met: boolean | null) => (met === null ? '' : met ? 'yes' : 'NO');

export function printTextTable(header: string[], cells: string[][]): void {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...cells.map((line) => line[column]!.length)),
  );
  const line = (values: string[]) => values.map((value, column) => value.padEnd(widths[column]!)).join(' | ');
  console.log(`\n${line(header)}\n${widths.map((width) => '-'.repeat(width)).join('-|-')}`);
  for (const values of cells) console.log(line(values));
}
