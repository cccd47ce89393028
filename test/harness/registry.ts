// A private image registry on loopback for the registry-credential tests: Debian's `docker-registry` (CNCF
// Distribution 2.x, installed by `node scripts/setup.mjs --for=test`) with htpasswd auth for one random user, its
// storage and config in a temp dir that goes with it. Plain HTTP is enough: the engine treats 127.0.0.0/8
// registries as insecure-allowed, and nothing of this leaves the machine.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Dockerode from 'dockerode';

const READY_TIMEOUT_MS = 15_000;

export interface Registry {
  /** `127.0.0.1:<port>`: the key of EPOCH_REGISTRY_AUTH and the first component of its images' references. */
  host: string;
  username: string;
  password: string;
  /**
   * Pushes a copy of a local image as `<host>/<repository>` (see uniqueCopy) and removes it from the engine again,
   * so that a launch must pull it. Resolves with the reference.
   */
  push(localImage: string, repository: string): Promise<string>;
  /**
   * Removes every tag and digest (Swarm pulls by digest) the engine holds of this registry's images, and with them
   * the images, so that the next launch must pull again.
   */
  forget(): Promise<void>;
  /** Forgets its images, then stops it and deletes its files. */
  stop(): Promise<void>;
}

export async function startRegistry(docker: Dockerode = new Dockerode()): Promise<Registry> {
  const dir = await mkdtemp(path.join(tmpdir(), 'epoch-registry-'));
  const username = `epoch-${randomBytes(4).toString('hex')}`;
  const password = randomBytes(18).toString('base64url');
  let registry: ChildProcess | undefined;
  try {
    await writeHtpasswd(path.join(dir, 'htpasswd'), username, password);
    const host = `127.0.0.1:${await freePort()}`;
    await writeFile(path.join(dir, 'config.yml'), configFor(dir, host));
    registry = spawn('docker-registry', ['serve', path.join(dir, 'config.yml')], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const stderr = collect(registry);
    await untilServing(host, registry, stderr);
    const started = registry;
    const auth = { username, password, serveraddress: host };
    return {
      host,
      username,
      password,
      async push(localImage, repository) {
        const reference = `${host}/${repository}`;
        await uniqueCopy(docker, localImage, reference);
        try {
          await followProgress(docker, await docker.getImage(reference).push({ authconfig: auth }));
        } finally {
          await docker.getImage(reference).remove();
        }
        return reference;
      },
      forget: () => removeReferencesTo(docker, host),
      async stop() {
        try {
          await removeReferencesTo(docker, host);
        } finally {
          await stopProcess(started);
          await rm(dir, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    if (registry) await stopProcess(registry);
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/** The registry's htpasswd auth reads bcrypt only; `htpasswd -B` makes it (-i: the password from stdin, not argv). */
async function writeHtpasswd(file: string, username: string, password: string): Promise<void> {
  const child = execFile('htpasswd', ['-B', '-i', '-c', file, username]);
  const done = new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`htpasswd exited with ${code}`)),
    );
  });
  child.stdin?.end(password);
  await done;
}

// JSON is YAML: the config needs no YAML library.
function configFor(dir: string, host: string): string {
  return JSON.stringify({
    version: 0.1,
    log: { level: 'error', accesslog: { disabled: true } },
    storage: { filesystem: { rootdirectory: path.join(dir, 'storage') }, delete: { enabled: true } },
    http: { addr: host, secret: randomBytes(16).toString('hex') },
    auth: { htpasswd: { realm: 'epoch-test', path: path.join(dir, 'htpasswd') } },
  });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function collect(child: ChildProcess): () => string {
  let text = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    text = (text + chunk.toString()).slice(-4000);
  });
  return () => text;
}

/**
 * A copy of `localImage` as `reference`, told apart by a label: an image of its own, whose manifest digest no other
 * test has pulled. (A Swarm node runs a service pinned to a digest it has pulled before without pulling again, even
 * once every tag and digest of it is removed: a shared image would let a node run without the credentials.)
 */
async function uniqueCopy(docker: Dockerode, localImage: string, reference: string): Promise<void> {
  const [repo, tag] = splitReference(reference);
  const container = await docker.createContainer({ Image: localImage, Cmd: ['true'] });
  try {
    await container.commit({
      repo,
      tag,
      changes: `LABEL io.epoch.test.copy=${randomBytes(8).toString('hex')}`,
    });
  } finally {
    await container.remove();
  }
}

/** Serving means the v2 API answers, and asks for credentials (401) since auth is on. */
async function untilServing(host: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`docker-registry exited with ${child.exitCode}: ${stderr()}`);
    const status = await fetch(`http://${host}/v2/`).then(
      (response) => response.status,
      () => undefined,
    );
    if (status === 401) return;
    await sleep(50);
  }
  throw new Error(`docker-registry did not serve on ${host} within ${READY_TIMEOUT_MS} ms: ${stderr()}`);
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

function splitReference(reference: string): [repo: string, tag: string] {
  const colon = reference.lastIndexOf(':');
  return [reference.slice(0, colon), reference.slice(colon + 1)];
}

async function removeReferencesTo(docker: Dockerode, host: string): Promise<void> {
  const prefix = `${host}/`;
  const images = await docker.listImages({ all: true });
  const references = images
    .flatMap((image) => [...(image.RepoTags ?? []), ...(image.RepoDigests ?? [])])
    .filter((reference) => reference.startsWith(prefix));
  for (const reference of references) {
    // Untagging a repository's last tag also drops its digests: one listed may be gone already.
    await docker
      .getImage(reference)
      // Forced: a test's exited containers may still use it. The shared BusyBox layer stays with its own image.
      .remove({ force: true })
      .catch((error: { statusCode?: number }) => {
        if (error.statusCode !== 404) throw error;
      });
  }
}

function followProgress(docker: Dockerode, progress: NodeJS.ReadableStream): Promise<void> {
  return new Promise((resolve, reject) => {
    docker.modem.followProgress(progress, (error, events: { error?: string }[]) => {
      const failure = error ?? events.find((event) => event.error !== undefined)?.error;
      if (failure) reject(new Error(`push failed: ${String(failure)}`));
      else resolve();
    });
  });
}
