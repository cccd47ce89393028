import type { JobCollections } from '@epoch/shared';
import { describe, expect, it } from 'vitest';
import { describeHistogram, dueHistogramData } from './due-histogram-data.js';

const due = (overdue: number, later: number) => ({
  overdue,
  underMinute: 0,
  underTenMinutes: 0,
  underHour: 0,
  underDay: 0,
  later,
});

const collections: JobCollections['collections'] = [
  { database: 'shop', collection: 'carts', pending: 3, delivered: 0, failed: 0, due: due(1, 2) },
  { database: 'shop', collection: 'done', pending: 0, delivered: 5, failed: 1, due: due(0, 0) },
  { database: 'billing', collection: 'invoices', pending: 4, delivered: 0, failed: 0, due: due(0, 4) },
];

describe('due histogram data', () => {
  it('stacks collections with pending jobs per bucket, and totals each bucket', () => {
    const { data, series, totals } = dueHistogramData(collections);
    expect(series.map((one) => one.name)).toEqual(['shop/carts', 'billing/invoices']);
    expect(data[0]).toEqual({ bucket: 'Overdue', 'shop/carts': 1, 'billing/invoices': 0 });
    expect(data[5]).toEqual({ bucket: 'Later', 'shop/carts': 2, 'billing/invoices': 4 });
    expect(describeHistogram(totals)).toBe(
      'Pending jobs by due time: Overdue 1, < 1 min 0, < 10 min 0, < 1 h 0, < 1 day 0, Later 6',
    );
  });
});
