// What `npm start` sets up for its local ZooKeeper, against the real parts: a server answering only the
// four-letter words Epoch and its operators need, and a credential generated once and kept private.
import { mkdtemp, readFile, rm, stat, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureZkCredentialFile } from '../../scripts/lib/zk-credential-file.mjs';
import {
  sendFourLetterWord,
  startZooKeeperProcess,
  stopZooKeeperProcess,
  writeZooKeeperConfig,
} from '../../scripts/lib/zookeeper-process.mjs';
import { freePort } from '../harness/epoch-process.js';

let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'epoch-local-zookeeper-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe("npm start's ZooKeeper", () => {
  let server: ChildProcess | undefined;
  let port: number;
  beforeAll(async () => {
    port = await freePort();
    const configPath = path.join(folder, 'zoo.cfg');
    await writeZooKeeperConfig({ configPath, dataDir: path.join(folder, 'data'), clientPort: port });
    server = await startZooKeeperProcess({
      configPath,
      logPath: path.join(folder, 'zookeeper.log'),
      clientPort: port,
    });
  }, 60_000);
  afterAll(async () => {
    if (server) await stopZooKeeperProcess(server);
  });

  it('answers ruok, srvr and mntr, and no other four-letter word', async () => {
    expect(await sendFourLetterWord(port, 'ruok')).toBe('imok');
    expect(await sendFourLetterWord(port, 'srvr')).toMatch(/^Mode: standalone$/m);
    expect(await sendFourLetterWord(port, 'mntr')).toMatch(/^zk_version/m);
    for (const word of ['dump', 'envi', 'conf', 'cons', 'wchp', 'srst', 'stat']) {
      expect(await sendFourLetterWord(port, word), word).toMatch(
        /is not executed because it is not in the whitelist/,
      );
    }
  });
});

describe("npm start's ZooKeeper credential", () => {
  it('is generated once, as user:password, readable by its owner alone, and kept', async () => {
    const file = path.join(folder, '.epoch', 'zk-auth');
    expect(await ensureZkCredentialFile(file)).toEqual({ path: file, created: true });
    const text = await readFile(file, 'utf8');
    expect(text).toMatch(/^epoch:[\w-]{32}\n$/);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    await chmod(file, 0o644);
    expect(await ensureZkCredentialFile(file)).toEqual({ path: file, created: false });
    expect(await readFile(file, 'utf8')).toBe(text);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });
});
