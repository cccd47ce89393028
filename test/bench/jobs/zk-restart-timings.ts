// What ZooKeeper logs about its data when it starts: how long the latest snapshot took to load, how long the
// transaction log after it took to replay, and how long the clean snapshot it writes at every start took.
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';

export interface ZkStartTimings {
  snapshotLoadMs: number;
  txnReplayMs: number;
  /** Transactions replayed. */
  txns: number;
  snapshotWriteMs: number;
}

const figure = (text: string, pattern: RegExp, group = 1) => Number(pattern.exec(text)?.[group] ?? NaN);

/** The timings of the start whose log begins at byte `from` of `logPath`. */
export async function startTimings(logPath: string, from: number): Promise<ZkStartTimings> {
  const text = (await readFile(logPath)).subarray(from).toString('utf8');
  return {
    snapshotLoadMs: figure(text, /Snapshot loaded in (\d+) ms/),
    txnReplayMs: figure(text, /(\d+) txns loaded in (\d+) ms/, 2),
    txns: figure(text, /(\d+) txns loaded in (\d+) ms/),
    snapshotWriteMs: figure(text, /Snapshot taken in (\d+) ms/),
  };
}

export const logSize = async (logPath: string) => (await stat(logPath)).size;

/** The size of the newest snapshot file in ZooKeeper's data folder, bytes. */
export async function newestSnapshotBytes(dataDir: string): Promise<number> {
  const folder = path.join(dataDir, 'version-2');
  const snapshots = (await readdir(folder)).filter((name) => name.startsWith('snapshot.'));
  const sizes = await Promise.all(
    snapshots.map(async (name) => {
      const info = await stat(path.join(folder, name));
      return { bytes: info.size, time: info.mtimeMs };
    }),
  );
  return sizes.sort((a, b) => b.time - a.time)[0]?.bytes ?? NaN;
}
