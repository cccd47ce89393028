// A container's syslog server passes the egress policy on the addresses its host resolves to. Pure: a resolver
// stands in for DNS, and nothing is sent (docker-hardening.test.ts sends to a real receiver on loopback).
import { describe, expect, it } from 'vitest';
import { EgressPolicy } from '../../src/egress/egress-policy.js';
import { assertSyslogServerAllowed } from '../../src/runners/container/runtime/docker/syslog-destination.js';
import { InvalidContainerSpecError } from '../../src/runners/container/runtime/runtime-errors.js';

const defaults = new EgressPolicy({ allow: [], deny: [] }, []);
const resolveTo =
  (...addresses: string[]) =>
  async () =>
    addresses;

describe('assertSyslogServerAllowed', () => {
  it.each([
    ['udp://logs.example.com:514', ['93.184.216.34']],
    ['tcp+tls://logs.example.com', ['2606:2800:220:1::1']],
    ['tcp://8.8.8.8', []],
    ['udp://[2001:4860:4860::8888]:514', []],
  ])('lets the daemon send to %s', async (server, addresses) => {
    await expect(
      assertSyslogServerAllowed(server, defaults, resolveTo(...addresses)),
    ).resolves.toBeUndefined();
  });

  it.each([
    ['udp://127.0.0.1:514', '127.0.0.1'],
    ['udp://0.0.0.0', '0.0.0.0'],
    ['udp://10.1.2.3:514', '10.1.2.3'],
    ['udp://169.254.169.254', '169.254.169.254'],
    ['udp://100.64.0.1', '100.64.0.1'],
    ['udp://[::1]:514', '::1'],
    ['udp://[fd00:ec2::254]', 'fd00:ec2::254'],
    ['udp://[::ffff:127.0.0.1]', '::ffff:7f00:1'],
  ])('refuses %s, naming it and the address', async (server, address) => {
    const refused = assertSyslogServerAllowed(server, defaults, resolveTo());
    await expect(refused).rejects.toBeInstanceOf(InvalidContainerSpecError);
    await expect(refused).rejects.toThrow(
      `logging.server ${server} is not allowed: destination not allowed: ${address} (${address}) by the egress policy`,
    );
  });

  it('refuses a name that resolves to a refused address, as the HTTP calls do', async () => {
    await expect(
      assertSyslogServerAllowed(
        'tcp://syslog.internal:514',
        defaults,
        resolveTo('93.184.216.34', '10.0.0.9'),
      ),
    ).rejects.toThrow('destination not allowed: syslog.internal (10.0.0.9) by the egress policy');
  });

  it("judges the syslog port: 514 by default, 6514 with TLS, as EPOCH_EGRESS_ALLOW's host:port entries say", async () => {
    const opened = new EgressPolicy({ allow: ['127.0.0.1:5514', '127.0.0.2:6514'], deny: [] }, []);
    await expect(assertSyslogServerAllowed('udp://127.0.0.1:5514', opened)).resolves.toBeUndefined();
    await expect(assertSyslogServerAllowed('udp://127.0.0.1', opened)).rejects.toThrow('is not allowed');
    await expect(assertSyslogServerAllowed('tcp+tls://127.0.0.2', opened)).resolves.toBeUndefined();
  });

  it('passes a failed resolution on as it is: it may work at the next launch', async () => {
    const failing = () =>
      Promise.reject(Object.assign(new Error('getaddrinfo EAI_AGAIN'), { code: 'EAI_AGAIN' }));
    await expect(
      assertSyslogServerAllowed('udp://logs.example.com', defaults, failing),
    ).rejects.toMatchObject({
      code: 'EAI_AGAIN',
    });
  });
});
