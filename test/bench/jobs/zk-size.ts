// ZooKeeper's own count of what it holds (`mntr`): the figures the issue bounds per pending job.
import { sendFourLetterWord } from '../../../scripts/lib/zookeeper-process.mjs';

export interface ZkSize {
  /** zk_approximate_data_size: bytes of znode data and paths. */
  dataBytes: number;
  /** zk_znode_count. */
  znodes: number;
}

export async function zkSize(port: number): Promise<ZkSize> {
  const mntr = await sendFourLetterWord(port, 'mntr', 10_000);
  const metric = (name: string) => Number(new RegExp(`^${name}\\s+(\\d+)`, 'm').exec(mntr)?.[1] ?? NaN);
  return { dataBytes: metric('zk_approximate_data_size'), znodes: metric('zk_znode_count') };
}
