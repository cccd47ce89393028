// The system software Epoch runs on, installed from Debian's packages when missing.
import { accessSync, constants, existsSync } from 'node:fs';
import path from 'node:path';
import { reporter, runCommandOrFail, UserFacingError } from './cli.mjs';

const say = reporter('setup');

export const ZOOKEEPER_JAR = '/usr/share/java/zookeeper.jar';
export const BUSYBOX_STATIC = '/bin/busybox';
export const QUARTZ_JAR = '/usr/share/java/quartz2.jar';

const FOR_EPOCH = ['test', 'start'];
// The benchmarks start their own ZooKeeper (and Java) but no containers.
const FOR_ZOOKEEPER = [...FOR_EPOCH, 'bench'];

/**
 * What must be present, how to tell, and which Debian package brings it; `purposes` limits a requirement
 * to some purposes of prepareMachine (every purpose when absent). `service`: needed only to run that service
 * on this machine, which `npm start` skips when one elsewhere is named (ZK_CONNECTION_STRING, DOCKER_HOST).
 */
const REQUIREMENTS = [
  {
    name: 'ZooKeeper',
    debianPackage: 'zookeeper',
    purposes: FOR_ZOOKEEPER,
    service: 'zookeeper',
    isPresent: () => existsSync(ZOOKEEPER_JAR),
  },
  // The zookeeper package depends on a Java runtime, so Java needs its own package only without it.
  {
    name: 'Java',
    debianPackage: 'default-jre-headless',
    comesWith: 'zookeeper',
    purposes: FOR_ZOOKEEPER,
    service: 'zookeeper',
    isPresent: () => findCommand('java') !== undefined,
  },
  {
    name: 'Docker Engine',
    debianPackage: 'docker.io',
    purposes: FOR_EPOCH,
    service: 'docker',
    isPresent: () => findCommand('dockerd') !== undefined,
  },
  // The runtime tests build their container images from this static binary: there is no registry to pull from.
  // Not Debian's plain `busybox`: its /bin/busybox needs the C library, which an empty rootfs does not have.
  {
    name: 'BusyBox (static)',
    debianPackage: 'busybox-static',
    purposes: ['test'],
    isPresent: () => existsSync(BUSYBOX_STATIC),
  },
  // The web UI's end-to-end tests drive Debian's Chromium through playwright-core (no browser download).
  {
    name: 'Chromium',
    debianPackage: 'chromium',
    purposes: ['test'],
    isPresent: () => findCommand('chromium') !== undefined,
  },
  // The registry-credential tests pull from a private registry they run on loopback (test/harness/registry.ts).
  {
    name: 'Docker Registry',
    debianPackage: 'docker-registry',
    purposes: ['test'],
    isPresent: () => findCommand('docker-registry') !== undefined,
  },
  // That registry's htpasswd auth reads bcrypt only: `htpasswd -B` writes it, and node_modules has no bcrypt.
  {
    name: 'htpasswd',
    debianPackage: 'apache2-utils',
    purposes: ['test'],
    isPresent: () => findCommand('htpasswd') !== undefined,
  },
  // npm test checks docker/prometheus/epoch-alerts.yml with promtool (server/test/metrics/ops-pack.test.ts).
  {
    name: 'promtool',
    debianPackage: 'prometheus',
    purposes: ['test'],
    isPresent: () => findCommand('promtool') !== undefined,
  },
  // `npm run bench:jobs` runs BullMQ's delayed jobs on a private redis-server it starts itself (a child process on a
  // loopback port, no system service), as the peer Epoch's one-shot jobs are measured against.
  {
    name: 'Redis',
    debianPackage: 'redis-server',
    purposes: ['bench'],
    isPresent: () => findCommand('redis-server') !== undefined,
  },
  // test/quartz-oracle asks the real Quartz for the fixtures in shared/test-fixtures: Debian ships 2.3.2, the
  // version Epoch's cron follows. Only `npm run quartz:fixtures` needs it, not `npm test`.
  {
    name: 'Quartz 2.3.2',
    debianPackage: 'libquartz2-java',
    purposes: ['quartz-oracle'],
    isPresent: () => existsSync(QUARTZ_JAR),
  },
  {
    name: 'a Java compiler',
    debianPackage: 'default-jdk-headless',
    purposes: ['quartz-oracle'],
    isPresent: () => findCommand('javac') !== undefined,
  },
];

/**
 * The absolute path of a command, or undefined. Also looks in the sbin folders, which are not on a normal
 * user's PATH on Debian but hold dockerd.
 */
export function findCommand(command) {
  const folders = [
    ...(process.env.PATH ?? '').split(path.delimiter),
    '/usr/local/sbin',
    '/usr/sbin',
    '/sbin',
  ];
  return folders
    .filter((folder) => folder !== '')
    .map((folder) => path.join(folder, command))
    .find(isExecutable);
}

function isExecutable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** What to install off Debian, by requirement: the paths and commands the scripts look for. */
const OFF_DEBIAN = {
  ZooKeeper: `ZooKeeper 3.8 with its jar at ${ZOOKEEPER_JAR}`,
  Java: 'a Java runtime with java on PATH',
  'Docker Engine': 'Docker Engine with dockerd on PATH',
  'BusyBox (static)': `a static BusyBox at ${BUSYBOX_STATIC}`,
  Chromium: 'Chromium as `chromium` on PATH',
  'Docker Registry': 'the CNCF Distribution registry 2.x as `docker-registry` on PATH',
  htpasswd: "Apache's htpasswd (with -B for bcrypt) on PATH",
  'Quartz 2.3.2': `Quartz 2.3.2 at ${QUARTZ_JAR}`,
  'a Java compiler': 'a JDK with javac on PATH',
  Redis: 'Redis 6.2+ with redis-server on PATH',
};

/** For `npm start`: how to use a ZooKeeper or Docker Engine that runs already instead of installing one. */
const ALREADY_RUNNING = {
  zookeeper:
    'a ZooKeeper 3.5+ answering `srvr` on 127.0.0.1:2181 is used as it is (e.g. started with ' +
    '`docker run -d --name epoch-zookeeper -p 127.0.0.1:2181:2181 zookeeper:3.8`; EPOCH_LOCAL_ZK_PORT for ' +
    'another port), or name one anywhere: ZK_CONNECTION_STRING=host:2181 with ZK_AUTH=user:password',
  docker: 'a Docker Engine elsewhere: DOCKER_HOST=tcp://host:2375 (or unix:///path/to/docker.sock)',
};

/**
 * Installs what `purpose` needs and is missing when this is Debian and we are root; otherwise says exactly
 * what to run. `localServices` lists the services (`zookeeper`, `docker`) to be run on this machine: the
 * requirements of the others are skipped.
 */
export async function ensureSystemPackages(purpose, { localServices = ['zookeeper', 'docker'] } = {}) {
  const required = REQUIREMENTS.filter(
    (requirement) =>
      (requirement.purposes ?? [purpose]).includes(purpose) &&
      (requirement.service === undefined || localServices.includes(requirement.service)),
  );
  const missing = required.filter((requirement) => !requirement.isPresent());
  if (missing.length === 0) {
    say(required.length === 0 ? 'no system packages needed' : `present: ${listNames(required)}`);
    return;
  }
  const packages = debianPackagesFor(missing);
  const alternatives = purpose === 'start' ? alreadyRunningAlternatives(missing) : '';
  if (!isDebian()) {
    throw new UserFacingError(
      `missing: ${listNames(missing)}. Install with your system's package manager, then run this again:\n` +
        missing.map((requirement) => `  - ${OFF_DEBIAN[requirement.name] ?? requirement.name}`).join('\n') +
        alternatives,
    );
  }
  if (!isRoot()) {
    throw new UserFacingError(
      `missing: ${listNames(missing)}. Install, then run this again:\n` +
        `  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${packages.join(' ')}` +
        alternatives,
    );
  }
  await installDebianPackages(packages);
  assertInstalled(missing);
}

function alreadyRunningAlternatives(missing) {
  const services = [...new Set(missing.map((requirement) => requirement.service))].filter(Boolean);
  if (services.length === 0) return '';
  return `\nOr use what runs already instead of installing it:\n${services
    .map((service) => `  - ${ALREADY_RUNNING[service]}`)
    .join('\n')}`;
}

function debianPackagesFor(missing) {
  const packages = missing.map((requirement) => requirement.debianPackage);
  return missing
    .filter((requirement) => !packages.includes(requirement.comesWith))
    .map((requirement) => requirement.debianPackage);
}

async function installDebianPackages(packages) {
  say(`installing Debian packages ${packages.join(' ')} …`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await runCommandOrFail('apt-get', ['update'], { env });
  await runCommandOrFail('apt-get', ['install', '-y', '--no-install-recommends', ...packages], { env });
}

function assertInstalled(requirements) {
  const stillMissing = requirements.filter((requirement) => !requirement.isPresent());
  if (stillMissing.length > 0) {
    throw new UserFacingError(`still missing after apt-get install: ${listNames(stillMissing)}`);
  }
}

function isDebian() {
  return existsSync('/etc/debian_version');
}

export function isRoot() {
  return process.getuid?.() === 0;
}

function listNames(requirements) {
  return requirements.map((requirement) => requirement.name).join(', ');
}
