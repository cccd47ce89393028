import { describe, expect, it } from 'vitest';
import { parseMntr, zkServers } from './zk-monitor.js';

describe('zkServers', () => {
  it('reads every server of a connection string, without its chroot', () => {
    expect(zkServers('zk1:2181,zk2:2182/epoch')).toEqual([
      { host: 'zk1', port: 2181 },
      { host: 'zk2', port: 2182 },
    ]);
    expect(zkServers('[::1]:2181, 127.0.0.1')).toEqual([
      { host: '::1', port: 2181 },
      { host: '127.0.0.1', port: 2181 },
    ]);
  });
});

describe('parseMntr', () => {
  it('reads the znode count and data size of a reply', () => {
    const reply =
      'zk_version\t3.8.0\nzk_znode_count\t1234\nzk_approximate_data_size\t56789\nzk_watch_count\t3\n';
    expect(parseMntr(reply)).toEqual({ znodes: 1234, dataBytes: 56789 });
  });

  it('has nothing for a refusal or a reply without the figures', () => {
    expect(parseMntr('mntr is not executed because it is not in the whitelist.\n')).toBeUndefined();
    expect(parseMntr('')).toBeUndefined();
  });
});
