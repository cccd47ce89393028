// The engine's streaming answers (events, pull progress) are newline-delimited JSON.
import { StringDecoder } from 'node:string_decoder';

/** Each JSON value of the stream, in order. Ending the iteration early destroys the stream. */
export async function* jsonLines(stream: NodeJS.ReadableStream): AsyncGenerator<unknown> {
  const decoder = new StringDecoder('utf8');
  let buffered = '';
  for await (const chunk of stream) {
    buffered += typeof chunk === 'string' ? chunk : decoder.write(chunk);
    let newline: number;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, newline).trim();
      buffered = buffered.slice(newline + 1);
      if (line !== '') yield JSON.parse(line);
    }
  }
  const rest = (buffered + decoder.end()).trim();
  if (rest !== '') yield JSON.parse(rest);
}
