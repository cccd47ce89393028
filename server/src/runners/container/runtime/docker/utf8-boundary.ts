// Where UTF-8 bytes can be cut without splitting a character: log chunks of stdout and stderr are passed on as
// bytes (decoding a large log into strings would fill the heap with garbage), and may be interleaved, so each
// must end on a character boundary.

/** How many leading bytes of `bytes` end on a character boundary: all of them, or up to 3 fewer. */
export function completeUtf8Length(bytes: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back]!;
    // 10xxxxxx continues a character; anything else starts one (or is ASCII).
    if ((byte & 0xc0) === 0x80) continue;
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return length > back ? bytes.length - back : bytes.length;
  }
  // Empty, a 4-byte character's last three bytes, or not UTF-8 at all: nothing to hold back.
  return bytes.length;
}
