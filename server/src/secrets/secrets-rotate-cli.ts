import { pino } from 'pino';
import { ConfigError, loadConfig } from '../config/load-config.js';
import { ZkTopologyStore } from '../store/topology-store.js';
import { ZkClient } from '../zk/zk-client.js';
import { ZkPaths } from '../zk/zk-paths.js';
import { rotateSecrets } from './rotate-secrets.js';
import { secretKeyRing } from './secret-key-ring.js';

/**
 * `npm run secrets:rotate`, with the servers' configuration (EPOCH_SECRETS_KEY = the new key,
 * EPOCH_SECRETS_PREVIOUS_KEYS = the old ones, ZooKeeper settings and credential): seals every stored secret again with the
 * new key. Prints names and counts only, never a value. Exit code 1 when a topology could not be re-sealed.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const ring = secretKeyRing(config);
  if (!ring.currentKeyId) throw new ConfigError('EPOCH_SECRETS_KEY must be set to the new key');
  const logger = pino({ level: 'warn' });
  const zk = await ZkClient.connect({
    connectionString: config.zkConnectionString,
    sessionTimeoutMs: config.zkSessionTimeoutMs,
    logger,
    // The servers' ZooKeeper identity: their znodes are readable and writable by it alone.
    auth: config.zkCredential,
  });
  try {
    const result = await rotateSecrets(new ZkTopologyStore(zk, new ZkPaths(config.zkRoot), logger), ring);
    console.log(
      `re-sealed ${result.secrets} secret(s) in ${result.topologies.length} topology(ies) with key id ${ring.currentKeyId}` +
        (result.topologies.length > 0 ? `: ${result.topologies.join(', ')}` : ''),
    );
    for (const { topologyId, reason } of result.failed)
      console.error(`not re-sealed: ${topologyId}: ${reason}`);
    if (result.failed.length > 0) process.exitCode = 1;
  } finally {
    zk.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
