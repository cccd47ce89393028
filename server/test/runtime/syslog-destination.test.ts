import { describe, expect, it } from 'vitest';
import { assertSyslogServerAllowed } from '../../src/runtime/docker/syslog-destination.js';
import { InvalidContainerSpecError } from '../../src/runtime/runtime-errors.js';

describe('assertSyslogServerAllowed', () => {
  it.each([
    'udp://logs.example.com:514',
    'tcp+tls://logs.example.com',
    'udp://203.0.113.7:514',
    'tcp://8.8.8.8',
    'udp://[2001:4860:4860::8888]:514',
  ])('lets the daemon send to %s', (server) => {
    expect(() => assertSyslogServerAllowed(server)).not.toThrow();
  });

  it.each([
    'udp://127.0.0.1:514',
    'udp://127.1.2.3',
    'tcp://localhost:514',
    'tcp://syslog.localhost',
    'udp://0.0.0.0',
    'udp://10.1.2.3:514',
    'udp://172.16.0.1',
    'udp://192.168.1.10:514',
    'udp://169.254.169.254',
    'udp://100.64.0.1',
    'udp://[::1]:514',
    'udp://[::]',
    'udp://[fe80::1]',
    'udp://[fd00:ec2::254]',
    'udp://[::ffff:127.0.0.1]',
    'udp://[64:ff9b::a00:1]',
    'udp://[2002:a00:1::]',
  ])('refuses %s, naming it', (server) => {
    expect(() => assertSyslogServerAllowed(server)).toThrow(InvalidContainerSpecError);
    expect(() => assertSyslogServerAllowed(server)).toThrow(`logging.server ${server} is not allowed`);
  });
});
