import { Gauge, type Registry } from 'prom-client';
import { readZkTreeSize, type ZkTreeSize } from '../zk/zk-monitor.js';

/**
 * ZooKeeper holds every znode in its heap, and a full heap stops every node: each node reports the tree's
 * size, read from `mntr` at each scrape (the same figure on every node: it is the ensemble's). NaN when no
 * server answers `mntr` (switched off by `4lw.commands.whitelist`), rather than a 0 that looks like a fact.
 */
export function registerZooKeeperSize(registry: Registry, connectionString: string): void {
  let reading: Promise<ZkTreeSize | undefined> | undefined;
  // Both gauges are collected in the same scrape: one mntr serves both.
  const read = () =>
    (reading ??= readZkTreeSize(connectionString).finally(() => setImmediate(() => (reading = undefined))));
  const gauge = (name: string, help: string, figure: (size: ZkTreeSize) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      async collect() {
        const size = await read();
        this.set(size ? figure(size) : Number.NaN);
      },
    });
  gauge('epoch_zookeeper_znodes', "ZooKeeper's znode count (mntr zk_znode_count)", (size) => size.znodes);
  gauge(
    'epoch_zookeeper_data_bytes',
    "ZooKeeper's approximate size of all znodes' data and paths, bytes (mntr zk_approximate_data_size)",
    (size) => size.dataBytes,
  );
}
