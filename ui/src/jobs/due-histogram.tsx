import { BarChart } from '@mantine/charts';
import { Box, Text } from '@mantine/core';
import type { JobCollections } from '@epoch/shared';
import { describeHistogram, dueHistogramData } from './due-histogram-data.js';

/** Pending jobs by how soon they are due, one bar per bucket, stacked by collection. */
export function DueHistogram({ collections }: { collections: JobCollections['collections'] }) {
  const { data, series, totals } = dueHistogramData(collections);
  if (series.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No job is pending.
      </Text>
    );
  return (
    // An image to assistive technology, named with every bucket's total.
    <Box role="img" aria-label={describeHistogram(totals)}>
      <BarChart
        h={200}
        data={data}
        dataKey="bucket"
        type="stacked"
        series={series}
        withLegend={series.length > 1}
        valueFormatter={(count) => String(count)}
        // Jobs come whole.
        yAxisProps={{ allowDecimals: false }}
      />
    </Box>
  );
}
