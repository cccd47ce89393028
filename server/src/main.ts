import { existsSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { forwardingKey } from './api/forward-signature.js';
import { authSettings } from './auth/auth-settings.js';
import { EgressPolicy } from './egress/egress-policy.js';
import { startEpochNode } from './epoch-node.js';
import { ConfigError, loadConfig } from './config/load-config.js';
import { createLogger } from './logging/logger.js';
import { notificationSettings } from './notifications/notification-settings.js';
import { startContainerRuntime } from './runners/container/runtime/runtime-choice.js';
import { secretKeyRing } from './secrets/secret-key-ring.js';
import { systemClock } from './time/clock.js';
import { ZkAccessError } from './zk/zk-access.js';
import { ZkClient } from './zk/zk-client.js';

const here = dirname(fileURLToPath(import.meta.url));
const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/**
 * V8 lets the old generation grow to several times its live size between major GCs, and a leader's
 * live set (every topology) is large and long-lived: with 100,000 topologies it stayed at ~600 MiB
 * resident. Growing by 60 % at a time keeps it near 330 MiB; bench:schedule showed no throughput lost
 * (REST creation, takeover, bursts and sustained runs within their run-to-run noise). GC sizing is read
 * at each collection, so setting it here, before the topologies load, takes effect.
 */
const HEAP_GROWING_PERCENT = 60;

async function main(): Promise<void> {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const auth = authSettings(config);
  for (const warning of auth.warnings) logger.warn(`!!! ${warning} !!!`);
  logger.info(
    {
      zk: config.zkConnectionString,
      zkRoot: config.zkRoot,
      zkUser: config.zkCredential.user,
      port: config.port,
    },
    'Epoch starting',
  );
  if (config.metricsPublic) {
    logger.warn('/metrics answers anyone (EPOCH_METRICS_PUBLIC): it names every topology and its state');
  }
  if (!config.secretsKey)
    logger.warn(
      'secrets: EPOCH_SECRETS_KEY is not set, so topologies with secretEnv/secretHeaders are refused',
    );
  const egress = new EgressPolicy({ allow: config.egressAllow, deny: config.egressDeny });
  // Said at every start: an opened egress policy is a decision an operator should see in the logs.
  logger.info(
    egress.settings,
    config.egressAllow.length === 0
      ? 'egress: HTTP tasks, webhooks and syslog servers reach public addresses only'
      : 'egress: HTTP tasks, webhooks and syslog servers reach public addresses and EPOCH_EGRESS_ALLOW',
  );

  const zk = await ZkClient.connect({
    connectionString: config.zkConnectionString,
    sessionTimeoutMs: config.zkSessionTimeoutMs,
    logger: logger.child({ component: 'zk' }),
    auth: config.zkCredential,
  });
  const uiDir = config.uiDir ?? resolve(here, '../../ui/dist');
  const runtime = await startContainerRuntime(config.runtime, {
    dockerHost: config.dockerHost,
    egress,
    cluster: config.cluster,
    allowedHostDirs: config.volumeAllowList,
    trustEnginePaths: config.volumesTrustEnginePaths,
    containerDefaults: {
      capAdd: config.containerCaps,
      pidsLimit: config.containerPidsLimit,
      memoryMb: config.defaultMemoryMb,
      user: config.containerUser,
    },
    registryAuth: config.registryAuth,
    acceptUnenforced: config.swarmAcceptUnenforced,
    logger: logger.child({ component: config.runtime }),
  });
  const node = await startEpochNode({
    zk,
    zkRoot: config.zkRoot,
    runtime,
    cluster: config.cluster,
    clock: systemClock,
    logger,
    advertiseUrl: config.advertiseUrl,
    version,
    uiDir: existsSync(join(uiDir, 'index.html')) ? uiDir : null,
    httpSigningSecret: config.httpSigningSecret,
    egress,
    retention: {
      keepRuns: config.runsKeep,
      keepSkippedRuns: config.runsSkippedKeep,
      maxAgeMs: config.runsMaxAgeDays * 86_400_000,
      intervalMs: config.retentionIntervalSeconds * 1000,
      maxTotalRuns: config.runsMaxTotal,
    },
    notifications: notificationSettings(config),
    auth: auth.settings,
    claimAheadMs: config.claimAheadMs,
    jobs: { lookaheadMs: config.jobsLookaheadMs, recordsKeepMs: config.jobRecordsKeep },
    forwardingKey: forwardingKey(config.zkCredential, config.clusterSecret),
    http: { allowedHosts: config.allowedHosts, trustProxy: config.trustProxy },
    metricsAccess: { public: config.metricsPublic, tokenSha256: config.metricsToken },
    secrets: secretKeyRing(config),
  });
  const { app } = node;
  const onListening = () => {
    logger.info(
      {
        url: `http://localhost:${config.port}`,
        host: config.host ?? 'all',
        advertiseUrl: config.advertiseUrl,
      },
      'Epoch is serving',
    );
  };
  const server = config.host
    ? app.listen(config.port, config.host, onListening)
    : app.listen(config.port, onListening);

  let stopping = false;
  const shutdown = (signal: string) => {
    // npm and the terminal may both deliver Ctrl-C; stop once.
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // Open event streams and followed logs would hold close() open until the forced exit.
    server.closeAllConnections();
    server.close(() => {
      void node.stop().finally(() => {
        zk.close();
        process.exit(0);
      });
    });
    setTimeout(() => process.exit(0), 5_000).unref();
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof ZkAccessError) {
    console.error(error.message);
  } else {
    console.error('Epoch failed to start:', error instanceof Error ? error.message : error);
  }
  process.exit(1);
});
