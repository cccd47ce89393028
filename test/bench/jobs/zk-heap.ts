// ZooKeeper's live heap, as jcmd reports it right after a full collection: what the tree really costs the JVM,
// not what garbage happens to be waiting.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Bytes of heap in use after `GC.run` in the JVM of `pid`. */
export async function heapAfterFullGc(pid: number): Promise<number> {
  await run('jcmd', [String(pid), 'GC.run'], { timeout: 120_000 });
  const { stdout } = await run('jcmd', [String(pid), 'GC.heap_info'], { timeout: 30_000 });
  // One line per generation with the serial collector ("def new generation   total 116224K, used 0K [0x…",
  // "tenured generation …"), one for the whole heap with G1 ("garbage-first heap   total …"); metaspace's lines
  // say "used" before "committed" and do not match.
  const used = [...stdout.matchAll(/total \d+K, used (\d+)K/g)].map((match) => Number(match[1]) * 1024);
  if (used.length === 0) throw new Error(`no heap figure in jcmd's answer:\n${stdout}`);
  return used.reduce((sum, bytes) => sum + bytes, 0);
}
