// The connect-time check with real sockets on loopback: what is refused never reaches a listening receiver, what
// is allowed does, and each new connection is judged on what its host name resolves to then.
import { request, type Agent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { EgressDeniedError } from '../../src/egress/egress-denied-error.js';
import { EgressPolicy } from '../../src/egress/egress-policy.js';
import { egressAgent, type ResolveHost } from '../../src/egress/guarded-connector.js';
import { receiversClosedAfterEach } from '../http/receiver.js';

const receiverOn = receiversClosedAfterEach();
const opened: Agent[] = [];
afterEach(async () => {
  for (const closable of opened.splice(0)) await closable.close();
});

function agent(allow: string[], resolve?: ResolveHost) {
  const created = egressAgent(new EgressPolicy({ allow, deny: [] }), { ...(resolve && { resolve }) });
  opened.push(created);
  return created;
}

/** `reset`: the connection is closed after the answer, so every request connects (and is judged) anew. */
const get = async (url: string, dispatcher: ReturnType<typeof agent>) => {
  const response = await request(url, { dispatcher, reset: true });
  return { status: response.statusCode, text: await response.body.text() };
};

describe('egressAgent', () => {
  it('refuses loopback addresses by default: the receivers see nothing', async () => {
    const [one, two] = await Promise.all([receiverOn('127.0.0.1'), receiverOn('127.0.0.2')]);
    const defaults = agent([]);

    for (const receiver of [one, two]) {
      const address = new URL(receiver.url).hostname;
      await expect(get(`${receiver.url}/x`, defaults)).rejects.toThrow(
        new EgressDeniedError(address, address).message,
      );
    }
    await expect(get(`http://localhost:${new URL(one.url).port}/x`, defaults)).rejects.toThrow(
      /^destination not allowed: localhost \((127\.0\.0\.1|::1)\) by the egress policy$/,
    );
    expect(one.received).toHaveLength(0);
    expect(two.received).toHaveLength(0);
  });

  it('connects to an allowed address, and only to the one allowed', async () => {
    const [one, two] = await Promise.all([receiverOn('127.0.0.1'), receiverOn('127.0.0.2')]);
    const opened127002 = agent(['127.0.0.2']);

    expect(await get(`${two.url}/in`, opened127002)).toEqual({ status: 200, text: 'ok' });
    await expect(get(`${one.url}/out`, opened127002)).rejects.toBeInstanceOf(EgressDeniedError);
    expect(two.received.map((r) => r.path)).toEqual(['/in']);
    expect(one.received).toHaveLength(0);
  });

  it('refuses a host name when any address it resolves to is refused', async () => {
    const receiver = await receiverOn('127.0.0.2');
    const port = new URL(receiver.url).port;
    const resolve: ResolveHost = async () => ['127.0.0.2', '127.0.0.1'];

    await expect(get(`http://two-faced.test:${port}/`, agent(['127.0.0.2'], resolve))).rejects.toThrow(
      'destination not allowed: two-faced.test (127.0.0.1) by the egress policy',
    );
    expect(receiver.received).toHaveLength(0);
  });

  it("connects to the address it judged, keeping the URL's host, and judges every new connection anew", async () => {
    const allowed = await receiverOn('127.0.0.1');
    const port = new URL(allowed.url).port;
    const answers = [['127.0.0.1'], ['127.0.0.2']];
    const resolve: ResolveHost = async () => answers.shift() ?? [];
    const rebinding = agent(['127.0.0.1'], resolve);

    expect(await get(`http://rebind.test:${port}/first`, rebinding)).toEqual({ status: 200, text: 'ok' });
    expect(allowed.received[0]?.headers.host).toBe(`rebind.test:${port}`);
    await expect(get(`http://rebind.test:${port}/second`, rebinding)).rejects.toThrow(
      'destination not allowed: rebind.test (127.0.0.2) by the egress policy',
    );
    expect(allowed.received).toHaveLength(1);
  });

  it('passes resolution failures on as they are', async () => {
    const resolve: ResolveHost = () =>
      Promise.reject(Object.assign(new Error('getaddrinfo ENOTFOUND x'), { code: 'ENOTFOUND' }));
    await expect(get('http://nowhere.test/', agent([], resolve))).rejects.toMatchObject({
      code: 'ENOTFOUND',
    });
  });
});
