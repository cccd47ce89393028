import { describe, expect, it } from 'vitest';
import { EgressPolicy, type EgressSettings } from './egress-policy.js';
import { hostNetworks } from './host-networks.js';

const HOST_ADDRESS = '203.0.113.7';
const policy = (settings: Partial<EgressSettings> = {}, localNetworks = [`${HOST_ADDRESS}/32`]) =>
  new EgressPolicy({ allow: [], deny: [], ...settings }, localNetworks);
const allows = (p: EgressPolicy, address: string, port = 443, host = address) =>
  p.allows({ host, address, port });

describe('EgressPolicy defaults', () => {
  const defaults = policy();

  it('refuses loopback, private, link-local, CGNAT, multicast, unspecified and metadata addresses', () => {
    for (const address of [
      '127.0.0.1',
      '127.0.0.2',
      '0.0.0.0',
      '10.1.2.3',
      '172.17.0.1', // Docker's default bridge
      '192.168.1.1',
      '100.64.0.1',
      '100.100.100.200',
      '169.254.169.254',
      '224.0.0.1',
      '255.255.255.255',
      '::',
      '::1',
      'fe80::1',
      'fd00:ec2::254',
      'fc00::1',
      'ff02::1',
    ]) {
      expect(allows(defaults, address), address).toBe(false);
    }
  });

  it('refuses IPv6 spellings that embed a refused IPv4 address', () => {
    expect(allows(defaults, '::ffff:127.0.0.1')).toBe(false);
    expect(allows(defaults, '::FFFF:10.0.0.1')).toBe(false);
    expect(allows(defaults, '64:ff9b::7f00:1')).toBe(false); // NAT64 of 127.0.0.1
    expect(allows(defaults, '2002:7f00:1::1')).toBe(false); // 6to4 of 127.0.0.1
  });

  it("refuses this machine's own addresses and bridges", () => {
    expect(allows(defaults, HOST_ADDRESS)).toBe(false);
    const withBridge = policy({}, hostNetworks({ docker0: [bridgeAddress('8.8.0.1', '8.8.0.1/16')] }));
    expect(allows(withBridge, '8.8.200.9')).toBe(false);
    expect(allows(withBridge, '8.9.0.1')).toBe(true);
  });

  it('allows public addresses, and refuses what is no address', () => {
    expect(allows(defaults, '93.184.216.34')).toBe(true);
    expect(allows(defaults, '2606:4700::1111')).toBe(true);
    expect(allows(defaults, '::ffff:93.184.216.34')).toBe(true);
    expect(allows(defaults, 'hooks.example')).toBe(false);
  });
});

describe('EgressPolicy settings', () => {
  it('EPOCH_EGRESS_ALLOW opens networks, single addresses, ports and host names', () => {
    const opened = policy({
      allow: ['127.0.0.2', '10.0.0.0/8', '192.168.1.5:9000', 'hooks.internal', '*.svc.local'],
    });
    expect(allows(opened, '127.0.0.2')).toBe(true);
    expect(allows(opened, '127.0.0.1')).toBe(false);
    expect(allows(opened, '::ffff:127.0.0.2')).toBe(true);
    expect(allows(opened, '10.9.9.9')).toBe(true);
    expect(allows(opened, '192.168.1.5', 9000)).toBe(true);
    expect(allows(opened, '192.168.1.5', 9001)).toBe(false);
    expect(allows(opened, '172.20.0.4', 443, 'hooks.internal')).toBe(true);
    expect(allows(opened, '172.20.0.4', 443, 'HOOKS.internal.')).toBe(true);
    expect(allows(opened, '172.20.0.4', 443, 'evil-hooks.internal')).toBe(false);
    expect(allows(opened, '172.20.0.4', 443, 'a.svc.local')).toBe(true);
    expect(allows(opened, '172.20.0.4', 443, 'svc.local')).toBe(false);
  });

  it('EPOCH_EGRESS_DENY closes more, and wins over an allow', () => {
    const closed = policy({
      allow: ['10.0.0.0/8'],
      deny: ['10.0.0.5', '93.184.216.0/24', 'tracker.example', '[2606:4700::1111]:443'],
    });
    expect(allows(closed, '10.0.0.4')).toBe(true);
    expect(allows(closed, '10.0.0.5')).toBe(false);
    expect(allows(closed, '93.184.216.34')).toBe(false);
    expect(allows(closed, '93.184.217.1', 443, 'tracker.example')).toBe(false);
    expect(allows(closed, '2606:4700::1111', 443)).toBe(false);
    expect(allows(closed, '2606:4700::1111', 80)).toBe(true);
  });

  it('refuses a literal refused address in a URL, in any spelling, and leaves host names to connect time', () => {
    const defaults = policy({ allow: ['127.0.0.2:8080'] });
    for (const url of [
      'http://127.0.0.1:8080/x',
      'http://2130706433/', // 127.0.0.1 as one number
      'http://0x7f.1/',
      'http://[::1]/',
      'https://169.254.169.254/latest/meta-data/',
      'http://[fd00:ec2::254]/',
      'http://127.0.0.2/', // allowed on 8080 only
    ]) {
      expect(defaults.refusesLiteral(url), url).toBe(true);
    }
    for (const url of [
      'http://127.0.0.2:8080/',
      'https://93.184.216.34/',
      'http://localhost/',
      'not a url',
    ]) {
      expect(defaults.refusesLiteral(url), url).toBe(false);
    }
  });
});

function bridgeAddress(address: string, cidr: string) {
  return {
    address,
    cidr,
    family: 'IPv4' as const,
    netmask: '255.255.0.0',
    mac: '02:42:00:00:00:00',
    internal: false,
  };
}
