// ResponseCollector: what one call keeps of a response, fed as undici feeds it (the runner's tests drive it
// through a real server; these pin the byte limit and the decoding).
import type { Dispatcher } from 'undici';
import { describe, expect, it } from 'vitest';
import { AttemptFailure, ResponseCollector } from '../../src/runners/http/response-collector.js';

const encoder = new TextEncoder();

function fakeController() {
  const aborted: Error[] = [];
  const controller = {
    abort: (reason: Error) => aborted.push(reason),
  } as unknown as Dispatcher.DispatchController;
  return { controller, aborted };
}

function feed(collector: ResponseCollector, chunks: Uint8Array[], { end = true, status = 200 } = {}) {
  const { controller, aborted } = fakeController();
  collector.onRequestStart(controller);
  collector.onResponseStart(controller, status, { location: '/elsewhere' });
  for (const chunk of chunks) collector.onResponseData(controller, Buffer.from(chunk));
  if (end) collector.onResponseEnd();
  return aborted;
}

describe('ResponseCollector', () => {
  it('keeps the status, the Location and a body within the limit whole', async () => {
    const collector = new ResponseCollector(1024);
    const aborted = feed(collector, [encoder.encode('hello, '), encoder.encode('wörld')], { status: 302 });
    expect(await collector.done).toEqual({
      status: 302,
      location: '/elsewhere',
      text: 'hello, wörld',
      complete: true,
    });
    expect(aborted).toEqual([]);
  });

  it('stops at maxBytes and aborts the request, even one whose body never ends', async () => {
    const collector = new ResponseCollector(8);
    const aborted = feed(collector, [encoder.encode('a'.repeat(6)), encoder.encode('b'.repeat(6))], {
      end: false,
    });
    expect(await collector.done).toMatchObject({ text: 'aaaaaabb', complete: false });
    expect(aborted).toHaveLength(1);
  });

  it('decodes a character split across chunks, and marks invalid bytes instead of failing', async () => {
    const collector = new ResponseCollector(1024);
    const snowman = encoder.encode('☃');
    feed(collector, [snowman.subarray(0, 1), snowman.subarray(1), new Uint8Array([0xff])]);
    expect(await collector.done).toMatchObject({ text: '☃\uFFFD', complete: true });
  });

  it('fails with the abort reason at once, even before the request has left the queue', async () => {
    const collector = new ResponseCollector(1024);
    const reason = new Error('cancelled');
    collector.abort(reason);
    const failure = await collector.done.catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AttemptFailure);
    expect(failure).toMatchObject({ error: reason, stage: 'request' });
    // When undici starts it later, the request is aborted before anything is sent.
    const { controller, aborted } = fakeController();
    collector.onRequestStart(controller);
    expect(aborted).toEqual([reason]);
  });

  it('names the response body as the failing stage, with the status, once headers had come', async () => {
    const collector = new ResponseCollector(1024);
    const aborted = feed(collector, [encoder.encode('partial')], { end: false });
    const { controller } = fakeController();
    collector.onResponseError(controller, new Error('socket hang up'));
    expect(await collector.done.catch((error: unknown) => error)).toMatchObject({
      stage: 'response body',
      httpStatus: 200,
    });
    expect(aborted).toEqual([]);
  });
});
