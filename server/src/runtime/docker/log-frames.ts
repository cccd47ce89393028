// The engine multiplexes a container's stdout and stderr into one stream of frames: an 8-byte header (stream
// type: 1 stdout, 2 stderr; three zero bytes; the payload length, uint32 big-endian) and the payload. dockerode's
// modem.demuxStream splits them too, but it recurses once per frame and copies the rest of its buffer each time:
// a non-follow answer of 20,000 short lines (one buffer) overflows the stack. This reads frames in a loop.

export interface LogFrame {
  stream: 'stdout' | 'stderr';
  payload: Buffer;
}

const HEADER_LENGTH = 8;
const STDERR = 2;

/** The frames of a multiplexed stream, in order; a frame split across chunks is joined first. */
export async function* logFrames(chunks: AsyncIterable<Buffer> | Iterable<Buffer>): AsyncGenerator<LogFrame> {
  let pending: Buffer = Buffer.alloc(0);
  for await (const chunk of chunks) {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    let offset = 0;
    while (pending.length - offset >= HEADER_LENGTH) {
      const end = offset + HEADER_LENGTH + pending.readUInt32BE(offset + 4);
      if (end > pending.length) break;
      yield {
        stream: pending[offset] === STDERR ? 'stderr' : 'stdout',
        payload: pending.subarray(offset + HEADER_LENGTH, end),
      };
      offset = end;
    }
    pending = pending.subarray(offset);
  }
}
