import net from 'node:net';

/** What ZooKeeper's `mntr` says of the tree it holds in memory. */
export interface ZkTreeSize {
  znodes: number;
  /** The approximate size of all znodes' data and paths, in bytes. */
  dataBytes: number;
}

/** host:port pairs of a connection string (`a:2181,b:2181/chroot`). */
export function zkServers(connectionString: string): Array<{ host: string; port: number }> {
  const [hosts = ''] = connectionString.split('/', 1);
  return hosts
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const colon = entry.lastIndexOf(':');
      const host = colon < 0 ? entry : entry.slice(0, colon);
      return {
        host: host.replace(/^\[(.*)\]$/, '$1'),
        port: colon < 0 ? 2181 : Number(entry.slice(colon + 1)),
      };
    });
}

/** The size figures of a `mntr` reply (tab-separated `key value` lines); undefined if they are missing. */
export function parseMntr(reply: string): ZkTreeSize | undefined {
  const value = (key: string) => {
    const match = new RegExp(`^${key}\\s+(\\d+)\\s*$`, 'm').exec(reply);
    return match ? Number(match[1]) : undefined;
  };
  const znodes = value('zk_znode_count');
  const dataBytes = value('zk_approximate_data_size');
  return znodes === undefined || dataBytes === undefined ? undefined : { znodes, dataBytes };
}

/** Sends a four-letter word and resolves with the whole reply (the server closes the connection after it). */
function fourLetterWord(host: string, port: number, word: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    let reply = '';
    socket.setEncoding('utf8');
    socket.setTimeout(timeoutMs, () =>
      socket.destroy(new Error(`no reply to ${word} within ${timeoutMs} ms`)),
    );
    socket.once('connect', () => socket.end(word));
    socket.on('data', (chunk: string) => (reply += chunk));
    socket.once('end', () => resolve(reply));
    socket.once('error', reject);
  });
}

/**
 * The tree's size from the first server of the ensemble that answers `mntr` (every member holds the same
 * tree); undefined when none does — `mntr` may be off (`4lw.commands.whitelist`).
 */
export async function readZkTreeSize(
  connectionString: string,
  timeoutMs = 2_000,
): Promise<ZkTreeSize | undefined> {
  for (const { host, port } of zkServers(connectionString)) {
    const size = parseMntr(await fourLetterWord(host, port, 'mntr', timeoutMs).catch(() => ''));
    if (size) return size;
  }
  return undefined;
}
