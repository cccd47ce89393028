import { describe, expect, it } from 'vitest';
import { logFrames, type LogFrame } from '../../src/runtime/docker/log-frames.js';

const frame = (type: number, text: string) => {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = type;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
};
const collect = async (chunks: Buffer[]) => {
  const frames: [LogFrame['stream'], string][] = [];
  for await (const { stream, payload } of logFrames(chunks)) frames.push([stream, payload.toString()]);
  return frames;
};

describe('logFrames', () => {
  it('splits a multiplexed buffer into stdout and stderr frames, in order', async () => {
    const buffer = Buffer.concat([frame(1, 'out 1\n'), frame(2, 'err 1\n'), frame(1, 'out 2\n')]);

    expect(await collect([buffer])).toEqual([
      ['stdout', 'out 1\n'],
      ['stderr', 'err 1\n'],
      ['stdout', 'out 2\n'],
    ]);
  });

  it('joins frames and headers split across chunks', async () => {
    const buffer = Buffer.concat([frame(1, 'hello\n'), frame(2, 'world\n')]);
    const byteByByte = [...buffer].map((byte) => Buffer.from([byte]));

    expect(await collect(byteByByte)).toEqual([
      ['stdout', 'hello\n'],
      ['stderr', 'world\n'],
    ]);
  });

  it('reads a buffer of very many frames without recursing', async () => {
    const buffer = Buffer.concat(Array.from({ length: 100_000 }, (_, i) => frame(1, `${i}\n`)));

    const frames = await collect([buffer]);

    expect(frames).toHaveLength(100_000);
    expect(frames.at(-1)).toEqual(['stdout', '99999\n']);
  });

  it('keeps an incomplete last frame back', async () => {
    expect(await collect([frame(1, 'whole\n'), frame(1, 'cut off').subarray(0, 10)])).toEqual([
      ['stdout', 'whole\n'],
    ]);
  });
});
