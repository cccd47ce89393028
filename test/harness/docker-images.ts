// Test images for a machine without a registry: built locally from Debian's static BusyBox (busybox-static,
// installed by `node scripts/setup.mjs --for=test`), imported into the engine once, and shared by every test.
import { spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Dockerode from 'dockerode';

export const BUSYBOX_IMAGE = 'epoch-test/busybox:1';

const BUSYBOX_BINARY = '/bin/busybox';
const APPLETS = [
  'sh',
  'echo',
  'sleep',
  'cat',
  'env',
  'wget',
  'true',
  'false',
  'head',
  'tail',
  'dd',
  'yes',
  'ls',
  'touch',
  'seq',
];

/**
 * A command that needs far more memory than `limitMb` and so is OOM-killed under that limit: `tail` keeps the
 * last line of its input in memory, and /dev/zero has no line end. (Reading it into a shell variable, as in
 * `x=$(cat)`, never grows: the shell drops the NUL bytes.)
 */
export const memoryHog = (limitMb: number): string[] => [
  'sh',
  '-c',
  `head -c ${limitMb * 10}m /dev/zero | tail`,
];

let building: Promise<string> | undefined;

/**
 * The BusyBox image's reference, importing it first when the engine does not have it. Safe to call from
 * concurrent test workers: each imports under its own temporary tag and then tags the result, so a race only
 * re-points the final tag to an identical image.
 */
export function ensureBusyboxImage(docker: Dockerode = new Dockerode()): Promise<string> {
  building ??= buildIfAbsent(docker).catch((error: unknown) => {
    building = undefined;
    throw error;
  });
  return building;
}

/**
 * The BusyBox image by id: a Swarm node given a tag asks its registry for it, an id never, so suites and
 * benchmarks on Swarm run the local image with all traffic on this machine.
 */
export async function busyboxImageId(docker: Dockerode = new Dockerode()): Promise<string> {
  await ensureBusyboxImage(docker);
  return (await docker.getImage(BUSYBOX_IMAGE).inspect()).Id;
}

async function buildIfAbsent(docker: Dockerode): Promise<string> {
  if (await hasImage(docker, BUSYBOX_IMAGE)) return BUSYBOX_IMAGE;
  const [repo, tag] = BUSYBOX_IMAGE.split(':') as [string, string];
  const temporaryTag = `import-${process.pid}-${Date.now()}`;
  const rootfs = await mkdtemp(path.join(tmpdir(), 'epoch-busybox-'));
  try {
    await mkdir(path.join(rootfs, 'bin'));
    await copyFile(BUSYBOX_BINARY, path.join(rootfs, 'bin', 'busybox')).catch((error: unknown) => {
      throw new Error(`${BUSYBOX_BINARY} is missing: run node scripts/setup.mjs --for=test`, {
        cause: error,
      });
    });
    await Promise.all(APPLETS.map((applet) => symlink('busybox', path.join(rootfs, 'bin', applet))));
    await importTar(docker, rootfs, { repo, tag: temporaryTag });
  } finally {
    await rm(rootfs, { recursive: true, force: true });
  }
  const imported = docker.getImage(`${repo}:${temporaryTag}`);
  await imported.tag({ repo, tag });
  // Only the temporary name goes, and with it the image when a concurrent import took the final tag, unless a
  // container already runs it (409): then it stays, harmlessly, under the temporary name.
  await imported.remove().catch((error: { statusCode?: number }) => {
    if (error.statusCode !== 409) throw error;
  });
  return BUSYBOX_IMAGE;
}

async function hasImage(docker: Dockerode, reference: string): Promise<boolean> {
  try {
    await docker.getImage(reference).inspect();
    return true;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return false;
    throw error;
  }
}

/** `tar -C rootfs -c . | docker import -`, reading the engine's progress to its end for any error. */
async function importTar(
  docker: Dockerode,
  rootfs: string,
  target: { repo: string; tag: string },
): Promise<void> {
  const tar = spawn('tar', ['-C', rootfs, '-c', '.'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const tarExit = new Promise<void>((resolve, reject) => {
    tar.once('error', reject);
    tar.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`tar exited with code ${code}`))));
  });
  const progress = await docker.importImage(tar.stdout, target);
  await new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(progress, (error, events: { error?: string }[]) => {
      const failure = error ?? events.find((event) => event.error !== undefined)?.error;
      if (failure) reject(new Error(`importing ${target.repo}:${target.tag} failed: ${String(failure)}`));
      else resolve();
    });
  });
  await tarExit;
}
