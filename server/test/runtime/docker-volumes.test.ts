// Volumes on the real Docker Engine: a link planted by one task never lets a later one out of the allowed
// directories, the Docker socket is never mounted, and where Epoch cannot see the engine's file system no task
// may write to a host directory.
import { access, mkdir, mkdtemp, readlink, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  InvalidContainerSpecError,
  VolumeNotAllowedError,
} from '../../src/runners/container/runtime/runtime-errors.js';
import { outputOf, removeAll, startSuite, type Suite } from './runtime-fixtures.js';

let suite: Suite;
let hostDir: string;
let allowed: string;

beforeAll(async () => {
  hostDir = await mkdtemp(path.join(tmpdir(), 'epoch-volumes-'));
  allowed = path.join(hostDir, 'allowed');
  await mkdir(allowed);
  suite = await startSuite('volumes', { allowedHostDirs: [allowed] });
});
afterEach(async () => {
  await removeAll(suite.runtime);
});
afterAll(async () => {
  await rm(hostDir, { recursive: true, force: true });
});

/** Expects the launch to be refused before any container exists, with `message` in its error. */
async function expectRefused(
  launch: Promise<unknown>,
  name: string,
  type: abstract new (...args: never[]) => Error,
  message: string,
) {
  await expect(launch).rejects.toBeInstanceOf(type);
  await expect(launch).rejects.toThrow(message);
  expect(await suite.runtime.inspect(name)).toBeNull();
}

describe('volumes where Epoch sees the engine’s file system', () => {
  it('never mounts a link that a task planted in a writable allowed directory', async () => {
    const planter = suite.spec(['busybox', 'ln', '-s', '/', '/mnt/x/escape'], {
      volumes: [{ pathOnHost: allowed, pathInContainer: '/mnt/x', mode: 'READ_WRITE' }],
    });
    await suite.runtime.launch(planter);
    await outputOf(suite.runtime, planter.name);
    expect(await readlink(path.join(allowed, 'escape'))).toBe('/');

    const escapee = suite.spec(['ls', '/host'], {
      volumes: [{ pathOnHost: `${allowed}/escape`, pathInContainer: '/host', mode: 'READ_ONLY' }],
    });
    const launch = suite.runtime.launch(escapee);

    await expect(launch).rejects.toMatchObject({ hostPath: `${allowed}/escape` });
    await expectRefused(
      launch,
      escapee.name,
      VolumeNotAllowedError,
      `volume host path ${allowed}/escape is not allowed`,
    );
  });

  it('never mounts the Docker socket, nor a directory holding it, whatever the allow-list says', async () => {
    const runtime = suite.runtimeWith({ allowedHostDirs: ['/'] });
    for (const pathOnHost of ['/var/run/docker.sock', '/run', '/']) {
      const spec = suite.spec(['true'], {
        volumes: [{ pathOnHost, pathInContainer: '/docker', mode: 'READ_ONLY' }],
      });
      await expectRefused(
        runtime.launch(spec),
        spec.name,
        VolumeNotAllowedError,
        `volume host path ${pathOnHost} is not allowed: it is or contains the Docker socket`,
      );
    }
  });

  it('refuses a missing host path instead of letting the engine create it', async () => {
    const spec = suite.spec(['true'], {
      volumes: [{ pathOnHost: `${allowed}/missing`, pathInContainer: '/data', mode: 'READ_WRITE' }],
    });
    await expectRefused(
      suite.runtime.launch(spec),
      spec.name,
      InvalidContainerSpecError,
      `volume host path ${allowed}/missing does not exist`,
    );
    await expect(access(`${allowed}/missing`)).rejects.toThrow(/ENOENT/);
  });
});

describe('volumes where Epoch cannot see the engine’s file system', () => {
  const blind = (trustEnginePaths = false) =>
    suite.runtimeWith({ insideContainer: () => true, trustEnginePaths });

  it('refuses READ_WRITE volumes, saying why and how to allow them', async () => {
    const spec = suite.spec(['true'], {
      volumes: [{ pathOnHost: allowed, pathInContainer: '/data', mode: 'READ_WRITE' }],
    });
    await expectRefused(
      blind().launch(spec),
      spec.name,
      VolumeNotAllowedError,
      `volume host path ${allowed} is not allowed: READ_WRITE volumes need symbolic links resolved, and ` +
        "Epoch runs in a container, whose file system is not the engine host's; mount it READ_ONLY, or set " +
        'EPOCH_VOLUMES_TRUST_ENGINE_PATHS=true',
    );
  });

  it('mounts READ_ONLY volumes read-only', async () => {
    await mkdir(path.join(allowed, 'data'), { recursive: true });
    await writeFile(path.join(allowed, 'data', 'hello.txt'), 'from the host\n');
    const runtime = blind();
    const spec = suite.spec(
      ['sh', '-c', 'cat /data/hello.txt; touch /data/new && echo wrote || echo refused'],
      {
        volumes: [{ pathOnHost: `${allowed}/data`, pathInContainer: '/data', mode: 'READ_ONLY' }],
      },
    );

    await runtime.launch(spec);
    const output = await outputOf(runtime, spec.name);

    expect(output.stdout).toBe('from the host\nrefused\n');
    expect(output.stderr).toMatch(/Read-only file system/);
    await expect(access(path.join(allowed, 'data', 'new'))).rejects.toThrow(/ENOENT/);
  });

  it('mounts READ_WRITE volumes when the operator trusts the paths; the engine still refuses a missing one', async () => {
    const runtime = blind(true);
    const spec = suite.spec(['sh', '-c', 'echo written > /data/out.txt'], {
      volumes: [{ pathOnHost: allowed, pathInContainer: '/data', mode: 'READ_WRITE' }],
    });
    await runtime.launch(spec);
    await outputOf(runtime, spec.name);
    await expect(access(path.join(allowed, 'out.txt'))).resolves.toBeUndefined();

    const missing = suite.spec(['true'], {
      volumes: [{ pathOnHost: `${allowed}/not-on-the-host`, pathInContainer: '/data', mode: 'READ_WRITE' }],
    });
    await expectRefused(
      runtime.launch(missing),
      missing.name,
      InvalidContainerSpecError,
      'bind source path does not exist',
    );
    await expect(access(`${allowed}/not-on-the-host`)).rejects.toThrow(/ENOENT/);
  });
});
