import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VolumeMount } from '../../src/runners/container/runtime/container-runtime.js';
import { allowedHostPath, type HostPathPolicy } from '../../src/runners/container/runtime/host-paths.js';
import {
  InvalidContainerSpecError,
  VolumeNotAllowedError,
} from '../../src/runners/container/runtime/runtime-errors.js';

let root: string;
let allowed: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'epoch-host-paths-'));
  allowed = path.join(root, 'allowed');
  await mkdir(path.join(allowed, 'data', 'x'), { recursive: true });
  await mkdir(path.join(root, 'elsewhere'));
  await symlink(path.join(allowed, 'data'), path.join(allowed, 'inner-link'));
  await symlink('/etc', path.join(allowed, 'outer-link'));
  await symlink('/', path.join(allowed, 'root-link'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const SOCKETS = ['/var/run/docker.sock', '/run/docker.sock'];
const visible = (): HostPathPolicy => ({
  allowedHostDirs: [allowed],
  engineFiles: { visible: true },
  trustEnginePaths: false,
  engineSockets: SOCKETS,
});
const blind = (trustEnginePaths = false): HostPathPolicy => ({
  ...visible(),
  engineFiles: { visible: false, reason: 'the Docker Engine is remote' },
  trustEnginePaths,
});
const rw = (pathOnHost: string): VolumeMount => ({
  pathOnHost,
  pathInContainer: '/data',
  mode: 'READ_WRITE',
});
const ro = (pathOnHost: string): VolumeMount => ({ ...rw(pathOnHost), mode: 'READ_ONLY' });

describe('allowedHostPath where Epoch sees the engine’s file system', () => {
  it('accepts the allowed directory and paths below it', async () => {
    await expect(allowedHostPath(rw(allowed), visible())).resolves.toBe(allowed);
    await expect(allowedHostPath(rw(`${allowed}/data`), visible())).resolves.toBe(path.join(allowed, 'data'));
  });

  it('resolves `..` and links inside the allowed directory to the path the engine will bind', async () => {
    await expect(allowedHostPath(rw(`${allowed}/data/../data/./x`), visible())).resolves.toBe(
      path.join(allowed, 'data', 'x'),
    );
    await expect(allowedHostPath(rw(`${allowed}/inner-link`), visible())).resolves.toBe(
      path.join(allowed, 'data'),
    );
  });

  it('refuses a path that does not exist, which the engine would refuse too', async () => {
    const check = allowedHostPath(rw(`${allowed}/new/deeper`), visible());
    await expect(check).rejects.toBeInstanceOf(InvalidContainerSpecError);
    await expect(check).rejects.toThrow(`volume host path ${allowed}/new/deeper does not exist`);
  });

  it.each([
    ['a sibling directory', () => `${root}/elsewhere`],
    ['a ../ escape', () => `${allowed}/../elsewhere`],
    ['a deep ../ escape', () => `${allowed}/data/../../../../etc`],
    ['a directory sharing the prefix', () => `${allowed}-not`],
    ['a link out of it', () => `${allowed}/outer-link`],
    ['a missing path outside it (without saying whether it exists)', () => `${root}/nowhere/x`],
  ])('refuses %s, naming the path', async (_case, hostPath) => {
    await mkdir(`${allowed}-not`, { recursive: true });
    const check = allowedHostPath(rw(hostPath()), visible());
    await expect(check).rejects.toBeInstanceOf(VolumeNotAllowedError);
    await expect(check).rejects.toMatchObject({ hostPath: hostPath() });
    await expect(check).rejects.toThrow(
      `volume host path ${hostPath()} is not allowed: host paths must be under`,
    );
  });

  it.each([
    ['the socket', '/var/run/docker.sock'],
    ['its directory', '/run'],
    ['its directory through /var/run', '/var/run'],
    ['the root', '/'],
  ])('refuses %s of the Docker Engine even when the allow-list admits it', async (_case, hostPath) => {
    const policy = { ...visible(), allowedHostDirs: ['/'] };
    const check = allowedHostPath(ro(hostPath), policy);
    await expect(check).rejects.toBeInstanceOf(VolumeNotAllowedError);
    await expect(check).rejects.toThrow(
      new RegExp(`^volume host path ${hostPath} is not allowed: it is or contains the Docker socket`),
    );
  });

  it('refuses a link to a directory holding the socket, and the configured socket', async () => {
    await expect(allowedHostPath(ro(`${allowed}/root-link`), visible())).rejects.toThrow(
      `volume host path ${allowed}/root-link is not allowed: it is or contains the Docker socket /var/run/docker.sock (it resolves to /)`,
    );
    const policy = {
      ...visible(),
      engineSockets: [...SOCKETS, path.join(allowed, 'data', 'x', 'engine.sock')],
    };
    await expect(allowedHostPath(ro(`${allowed}/inner-link`), policy)).rejects.toThrow(/engine\.sock/);
  });

  it('refuses everything when no directory is allowed', async () => {
    await expect(allowedHostPath(rw(allowed), { ...visible(), allowedHostDirs: [] })).rejects.toThrow(
      /none is/,
    );
  });
});

describe('allowedHostPath where Epoch cannot see the engine’s file system', () => {
  it('still resolves `..` and refuses the socket, but cannot follow links', async () => {
    await expect(allowedHostPath(ro(`${allowed}/../elsewhere`), blind())).rejects.toBeInstanceOf(
      VolumeNotAllowedError,
    );
    await expect(allowedHostPath(ro('/run'), { ...blind(), allowedHostDirs: ['/'] })).rejects.toThrow(
      /Docker socket/,
    );
    await expect(allowedHostPath(ro(`${allowed}/outer-link`), blind())).resolves.toBe(
      path.join(allowed, 'outer-link'),
    );
    // Paths are the engine host's: one missing here is not a reason to refuse.
    await expect(allowedHostPath(ro(`${allowed}/only-on-the-host`), blind())).resolves.toBe(
      path.join(allowed, 'only-on-the-host'),
    );
  });

  it('refuses READ_WRITE volumes, saying why and naming the setting, unless the operator trusts the paths', async () => {
    const check = allowedHostPath(rw(`${allowed}/data`), blind());
    await expect(check).rejects.toBeInstanceOf(VolumeNotAllowedError);
    await expect(check).rejects.toThrow(
      `volume host path ${allowed}/data is not allowed: READ_WRITE volumes need symbolic links resolved, ` +
        'and the Docker Engine is remote',
    );
    await expect(check).rejects.toThrow(/EPOCH_VOLUMES_TRUST_ENGINE_PATHS=true/);
    await expect(allowedHostPath(rw(`${allowed}/data`), blind(true))).resolves.toBe(
      path.join(allowed, 'data'),
    );
  });
});
