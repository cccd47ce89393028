import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config/load-config.js';
import { createLogger } from './logging/logger.js';
import { TopologyStore } from './store/topology-store.js';
import { systemClock } from './time/clock.js';
import { TopologyService } from './topologies/topology-service.js';
import { ZkClient } from './zk/zk-client.js';
import { ZkPaths } from './zk/zk-paths.js';

const here = dirname(fileURLToPath(import.meta.url));
const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  logger.info({ zk: config.zkConnectionString, zkRoot: config.zkRoot, port: config.port }, 'Epoch starting');

  const zk = await ZkClient.connect({
    connectionString: config.zkConnectionString,
    sessionTimeoutMs: config.zkSessionTimeoutMs,
    logger: logger.child({ component: 'zk' }),
  });
  const paths = new ZkPaths(config.zkRoot);
  const topologyStore = new TopologyStore(zk, paths, logger);
  await topologyStore.init();

  const uiDir = config.uiDir ?? resolve(here, '../../ui/dist');
  const app = createApp({
    logger,
    clock: systemClock,
    zk,
    topologies: new TopologyService(topologyStore, systemClock),
    advertiseUrl: config.advertiseUrl,
    version,
    uiDir: existsSync(uiDir) ? uiDir : null,
  });
  const server = app.listen(config.port, () => {
    logger.info(
      { url: `http://localhost:${config.port}`, advertiseUrl: config.advertiseUrl },
      'Epoch is serving',
    );
  });

  let stopping = false;
  const shutdown = (signal: string) => {
    // npm and the terminal may both deliver Ctrl-C; stop once.
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    server.close(() => {
      zk.close();
      process.exit(0);
    });
    setTimeout(() => process.exit(0), 5_000).unref();
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error('Epoch failed to start:', error instanceof Error ? error.message : error);
  }
  process.exit(1);
});
