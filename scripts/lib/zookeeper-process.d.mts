import type { ChildProcess } from 'node:child_process';

export type ZooKeeperMode = 'leader' | 'follower' | 'observer' | 'standalone';

export interface QuorumMember {
  id: number;
  quorumPort: number;
  electionPort: number;
}

/** The four-letter words a server answers unless told otherwise: ruok, srvr, mntr. */
export const FOUR_LETTER_WORDS: readonly string[];

export function writeZooKeeperConfig(options: {
  configPath: string;
  dataDir: string;
  clientPort: number;
  tickTime?: number;
  initLimit?: number;
  syncLimit?: number;
  quorum?: QuorumMember[];
  myId?: number;
  fourLetterWords?: readonly string[];
}): Promise<void>;

/** The heap a server gets unless told otherwise: small, as tests run several at once. */
export const TEST_HEAP_MB: number;

export function startZooKeeperProcess(options: {
  configPath: string;
  logPath: string;
  clientPort: number;
  /** -Xmx, in MiB; TEST_HEAP_MB when absent. */
  heapMb?: number;
}): Promise<ChildProcess>;

/** Sends `signal` (SIGTERM by default) and resolves once the process has exited. */
export function stopZooKeeperProcess(child: ChildProcess, signal?: NodeJS.Signals): Promise<void>;

export function sendFourLetterWord(port: number, word: string, timeoutMs?: number): Promise<string>;

export type ZooKeeperProbe =
  { state: 'serving'; mode: ZooKeeperMode } | { state: 'other'; reply: string } | { state: 'none' };

export function probeZooKeeper(port: number): Promise<ZooKeeperProbe>;

export function zooKeeperMode(port: number): Promise<ZooKeeperMode | null>;

export function isServing(port: number): Promise<boolean>;
