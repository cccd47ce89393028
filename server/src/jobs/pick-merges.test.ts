import { describe, expect, it } from 'vitest';
import { pickMerges } from './pick-merges.js';

const segment = (name: string, first: number, count: number) => ({ name, first, count });

describe('pickMerges', () => {
  it('groups neighbouring small segments in fire-time order, never across a large one', () => {
    expect(
      pickMerges([
        segment('c', 30, 5),
        segment('a', 10, 5),
        segment('b', 20, 5),
        segment('big', 40, 1_000),
        segment('d', 50, 5),
        segment('e', 60, 5),
        segment('alone', 5, 500),
      ]),
    ).toEqual([
      ['a', 'b', 'c'],
      ['d', 'e'],
    ]);
  });

  it('caps a group at the target and leaves a lone small segment as it is', () => {
    expect(pickMerges([segment('a', 1, 100), segment('b', 2, 100), segment('c', 3, 100)], 256, 200)).toEqual([
      ['a', 'b'],
    ]);
    expect(pickMerges([segment('only', 1, 3)])).toEqual([]);
  });
});
