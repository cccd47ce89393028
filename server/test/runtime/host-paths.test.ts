import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allowedHostPath } from '../../src/runtime/host-paths.js';
import { VolumeNotAllowedError } from '../../src/runtime/runtime-errors.js';

let root: string;
let allowed: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'epoch-host-paths-'));
  allowed = path.join(root, 'allowed');
  await mkdir(path.join(allowed, 'data'), { recursive: true });
  await symlink(path.join(allowed, 'data'), path.join(allowed, 'inner-link'));
  await symlink('/etc', path.join(allowed, 'outer-link'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const local = () => ({ allowedHostDirs: [allowed], followSymlinks: true });
const remote = () => ({ allowedHostDirs: [allowed], followSymlinks: false });

describe('allowedHostPath', () => {
  it('accepts the allowed directory, paths below it and paths not created yet', async () => {
    await expect(allowedHostPath(allowed, local())).resolves.toBe(allowed);
    await expect(allowedHostPath(`${allowed}/data`, local())).resolves.toBe(path.join(allowed, 'data'));
    await expect(allowedHostPath(`${allowed}/new/deeper`, local())).resolves.toBe(
      path.join(allowed, 'new/deeper'),
    );
  });

  it('resolves `..` and links inside the allowed directory to the path Docker will bind', async () => {
    await expect(allowedHostPath(`${allowed}/data/../data/./x`, local())).resolves.toBe(
      path.join(allowed, 'data', 'x'),
    );
    await expect(allowedHostPath(`${allowed}/inner-link`, local())).resolves.toBe(path.join(allowed, 'data'));
  });

  it.each([
    ['a sibling directory', () => `${root}/elsewhere`],
    ['a ../ escape', () => `${allowed}/../elsewhere`],
    ['a deep ../ escape', () => `${allowed}/data/../../../../etc`],
    ['a directory sharing the prefix', () => `${allowed}-not`],
    ['a link out of it', () => `${allowed}/outer-link`],
    ['the root', () => '/'],
  ])('refuses %s, naming the path', async (_case, hostPath) => {
    const check = allowedHostPath(hostPath(), local());
    await expect(check).rejects.toBeInstanceOf(VolumeNotAllowedError);
    await expect(check).rejects.toMatchObject({ hostPath: hostPath() });
  });

  it('for a remote engine, still resolves `..` but cannot follow links', async () => {
    await expect(allowedHostPath(`${allowed}/../elsewhere`, remote())).rejects.toBeInstanceOf(
      VolumeNotAllowedError,
    );
    await expect(allowedHostPath(`${allowed}/outer-link`, remote())).resolves.toBe(
      path.join(allowed, 'outer-link'),
    );
  });

  it('refuses everything when no directory is allowed', async () => {
    await expect(allowedHostPath(allowed, { allowedHostDirs: [], followSymlinks: true })).rejects.toThrow(
      /none is/,
    );
  });
});
