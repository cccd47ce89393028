// The engine multiplexes a container's stdout and stderr into one stream of frames: an 8-byte header (stream
// type: 1 stdout, 2 stderr; three zero bytes; the payload length, uint32 big-endian) and the payload. dockerode's
// modem.demuxStream splits them too, but it recurses once per frame and copies the rest of its buffer each time:
// a non-follow answer of 20,000 short lines (one buffer) overflows the stack. This reads frames in a loop.
//
// Nothing is copied but a header split across chunks: the engine sends a large log in reads of a few KiB, most
// frames straddle two of them, and copying them together would double what the leader allocates.

export interface LogPiece {
  stream: 'stdout' | 'stderr';
  /** A view of part or all of one frame's payload. */
  bytes: Buffer;
}

const HEADER_LENGTH = 8;
const STDERR = 2;

/** The payloads of a multiplexed stream, in order, in pieces as they arrive; headers are dropped. */
export async function* demultiplex(
  chunks: AsyncIterable<Buffer> | Iterable<Buffer>,
): AsyncGenerator<LogPiece> {
  const header = Buffer.alloc(HEADER_LENGTH);
  let headerBytes = 0;
  let payloadLeft = 0;
  let stream: LogPiece['stream'] = 'stdout';
  for await (const chunk of chunks) {
    let offset = 0;
    while (offset < chunk.length) {
      if (payloadLeft === 0) {
        const taken = Math.min(HEADER_LENGTH - headerBytes, chunk.length - offset);
        chunk.copy(header, headerBytes, offset, offset + taken);
        headerBytes += taken;
        offset += taken;
        if (headerBytes < HEADER_LENGTH) break;
        headerBytes = 0;
        stream = header[0] === STDERR ? 'stderr' : 'stdout';
        payloadLeft = header.readUInt32BE(4);
        continue;
      }
      const end = Math.min(offset + payloadLeft, chunk.length);
      payloadLeft -= end - offset;
      yield { stream, bytes: chunk.subarray(offset, end) };
      offset = end;
    }
  }
}
