import { describe, expect, it } from 'vitest';
import { demultiplex, type LogPiece } from '../../src/runners/container/runtime/docker/log-frames.js';

const frame = (type: number, text: string) => {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = type;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
};
/** The text of each run of one stream, in order: pieces of a frame (and frames of a stream) joined. */
const collect = async (chunks: Buffer[]) => {
  const runs: [LogPiece['stream'], string][] = [];
  for await (const { stream, bytes } of demultiplex(chunks)) {
    const last = runs.at(-1);
    if (last?.[0] === stream) last[1] += bytes.toString();
    else runs.push([stream, bytes.toString()]);
  }
  return runs;
};
const inChunksOf = (buffer: Buffer, size: number) =>
  Array.from({ length: Math.ceil(buffer.length / size) }, (_, i) =>
    buffer.subarray(i * size, (i + 1) * size),
  );

describe('demultiplex', () => {
  it('splits a multiplexed buffer into stdout and stderr, in order, without the headers', async () => {
    const buffer = Buffer.concat([frame(1, 'out 1\n'), frame(2, 'err 1\n'), frame(1, 'out 2\n')]);

    expect(await collect([buffer])).toEqual([
      ['stdout', 'out 1\n'],
      ['stderr', 'err 1\n'],
      ['stdout', 'out 2\n'],
    ]);
  });

  it.each([1, 3, 7, 8, 13, 100])('reads frames and headers split across chunks of %i bytes', async (size) => {
    const texts = Array.from({ length: 50 }, (_, i) => `line ${i} ${'x'.repeat(i * 3)}\n`);
    const buffer = Buffer.concat(texts.map((text, i) => frame(i % 2 === 0 ? 2 : 1, text)));

    expect(await collect(inChunksOf(buffer, size))).toEqual(
      texts.map((text, i) => [i % 2 === 0 ? 'stderr' : 'stdout', text]),
    );
  });

  it('passes pieces on as views of the chunks read, copying nothing', async () => {
    const chunk = Buffer.concat([frame(1, 'hello\n'), frame(2, 'world\n')]);
    const pieces = [];
    for await (const piece of demultiplex([chunk])) pieces.push(piece);

    expect(pieces.map((piece) => piece.bytes.buffer)).toEqual([chunk.buffer, chunk.buffer]);
  });

  it('reads a buffer of very many frames without recursing', async () => {
    const buffer = Buffer.concat(
      Array.from({ length: 100_000 }, (_, i) => frame(i % 2 === 0 ? 1 : 2, `${i}\n`)),
    );

    const runs = await collect([buffer]);

    expect(runs).toHaveLength(100_000);
    expect(runs.at(-1)).toEqual(['stderr', '99999\n']);
  });

  it('passes on what arrived of an incomplete last frame', async () => {
    expect(await collect([frame(1, 'whole\n'), frame(2, 'cut off').subarray(0, 11)])).toEqual([
      ['stdout', 'whole\n'],
      ['stderr', 'cut'],
    ]);
  });
});
