// launch() against the real Docker Engine: idempotence, what the container gets, and what is refused.
import { mkdir, mkdtemp, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Dockerode from 'dockerode';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BUSYBOX_IMAGE } from '@epoch/test/harness/docker-images';
import { containerSpecFor } from '../../src/runners/container/runtime/container-spec.js';
import { EPOCH_LABELS } from '../../src/runners/container/runtime/labels.js';
import {
  ContainerStartError,
  ImagePullError,
  InvalidContainerSpecError,
  VolumeNotAllowedError,
} from '../../src/runners/container/runtime/runtime-errors.js';
import { containerTask, outputOf, removeAll, startSuite, type Suite } from './runtime-fixtures.js';

let suite: Suite;
let hostDir: string;
const docker = new Dockerode();

beforeAll(async () => {
  hostDir = await mkdtemp(path.join(tmpdir(), 'epoch-volumes-'));
  suite = await startSuite('launch', { allowedHostDirs: [path.join(hostDir, 'allowed')] });
});
afterEach(async () => {
  await removeAll(suite.runtime);
});
afterAll(async () => {
  await rm(hostDir, { recursive: true, force: true });
});

describe('launch', () => {
  it('starts one container for a spec however often it is launched, and adopts it the second time', async () => {
    const spec = suite.spec(['sleep', '30']);

    const first = await suite.runtime.launch(spec);
    const second = await suite.runtime.launch(spec);

    expect(first.adopted).toBe(false);
    expect(second).toEqual({ containerId: first.containerId, adopted: true });
    const taskName = spec.labels[EPOCH_LABELS.taskName];
    const containers = await suite.runtime.listByLabel({ taskName });
    expect(containers.map((container) => [container.containerId, container.state])).toEqual([
      [first.containerId, 'running'],
    ]);
  });

  it('concurrent launches of one spec still make one container', async () => {
    const spec = suite.spec(['sleep', '30']);

    const results = await Promise.all([1, 2, 3].map(() => suite.runtime.launch(spec)));

    expect(new Set(results.map((result) => result.containerId)).size).toBe(1);
    expect(results.filter((result) => !result.adopted)).toHaveLength(1);
    expect(await suite.runtime.listByLabel({ taskName: spec.labels[EPOCH_LABELS.taskName] })).toHaveLength(1);
  });

  it('gives the container its env, args, CPU and memory limits, labels and a read-only volume', async () => {
    const source = path.join(hostDir, 'allowed', 'data');
    await mkdir(source, { recursive: true });
    await writeFile(path.join(source, 'hello.txt'), 'from the host\n');
    const spec = suite.spec(
      ['sh', '-c', 'echo "$GREETING"; cat /data/hello.txt; echo x > /data/new.txt || echo refused'],
      {
        env: { GREETING: 'hello from env' },
        resources: [
          { type: 'CPU', count: 1 },
          { type: 'MEMORY', sizeInMB: 48 },
        ],
        volumes: [{ pathOnHost: source, pathInContainer: '/data', mode: 'READ_ONLY' }],
      },
    );

    const { containerId } = await suite.runtime.launch(spec);
    const output = await outputOf(suite.runtime, spec.name);

    expect(output.stdout).toBe('hello from env\nfrom the host\nrefused\n');
    expect(output.stderr).toMatch(/Read-only file system/);
    await expect(stat(path.join(source, 'new.txt'))).rejects.toThrow(/ENOENT/);
    const info = await docker.getContainer(containerId).inspect();
    expect(info.Config.Env).toContain('GREETING=hello from env');
    expect(info.Config.Cmd).toEqual(spec.args);
    expect(info.Config.Labels).toMatchObject(spec.labels);
    expect(info.HostConfig).toMatchObject({
      NanoCpus: 1e9,
      Memory: 48 * 1024 * 1024,
      MemorySwap: 48 * 1024 * 1024,
      Mounts: [
        {
          Type: 'bind',
          Source: source,
          Target: '/data',
          ReadOnly: true,
          BindOptions: { NonRecursive: true, Propagation: 'rprivate' },
        },
      ],
      Privileged: false,
      AutoRemove: false,
    });
    expect(info.HostConfig.CapAdd ?? []).toEqual([]);
  });

  it.each([
    ['outside the allowed directories', 'elsewhere'],
    ['escaping them with ../', 'allowed/../elsewhere'],
    ['escaping them through a symbolic link', 'allowed/link-to-etc'],
  ])('refuses a volume %s before creating anything', async (_case, relativePath) => {
    await mkdir(path.join(hostDir, 'allowed'), { recursive: true });
    await symlink('/etc', path.join(hostDir, 'allowed', 'link-to-etc')).catch(() => {});
    const pathOnHost = `${hostDir}/${relativePath}`;
    const spec = suite.spec(['true'], {
      volumes: [{ pathOnHost, pathInContainer: '/data', mode: 'READ_WRITE' }],
    });

    const launch = suite.runtime.launch(spec);

    await expect(launch).rejects.toBeInstanceOf(VolumeNotAllowedError);
    await expect(launch).rejects.toMatchObject({ hostPath: pathOnHost });
    await expect(launch).rejects.toThrow(pathOnHost);
    expect(await suite.runtime.inspect(spec.name)).toBeNull();
  });

  it('fails fast with a pull error naming an image that is not here (there is no registry)', async () => {
    const image = 'epoch-test/does-not-exist:1';
    const spec = suite.spec(['true'], {
      executable: { type: 'DOCKER', url: image, dockerPullTimeout: '30 seconds' },
    });
    const startedAt = Date.now();

    const error = await suite.runtime.launch(spec).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ImagePullError);
    expect(error).toMatchObject({ image, timedOut: false });
    expect((error as Error).message).toMatch(/^image epoch-test\/does-not-exist:1 could not be pulled: .+/);
    expect(Date.now() - startedAt).toBeLessThan(5_000);
    expect(await suite.runtime.inspect(spec.name)).toBeNull();
  });

  describe('against a registry that never answers', () => {
    let registry: Server;
    const connections = new Set<Socket>();
    beforeAll(async () => {
      registry = createServer((socket) => {
        connections.add(socket);
        socket.on('error', () => {});
      });
      await new Promise<void>((resolve) => registry.listen(0, '127.0.0.1', resolve));
    });
    afterAll(async () => {
      for (const socket of connections) socket.destroy();
      await new Promise((resolve) => registry.close(resolve));
    });

    it('gives up on the pull after the pull timeout', async () => {
      const image = `127.0.0.1:${(registry.address() as AddressInfo).port}/epoch-test/slow:1`;
      const spec = suite.spec(['true'], {
        executable: { type: 'DOCKER', url: image, dockerPullTimeout: '300 milliseconds' },
      });
      const startedAt = Date.now();

      const error = await suite.runtime.launch(spec).catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(ImagePullError);
      expect(error).toMatchObject({
        image,
        timedOut: true,
        message: expect.stringMatching(/timed out after 300 ms/),
      });
      expect(Date.now() - startedAt).toBeLessThan(3_000);
      expect(connections.size).toBeGreaterThan(0);
    });
  });

  it('reports a command that cannot start, and never starts that container again', async () => {
    const spec = suite.spec(['/no/such/command']);

    const error = await suite.runtime.launch(spec).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ContainerStartError);
    expect((error as Error).message).toMatch(/no such file or directory/);
    await expect(suite.runtime.launch(spec)).resolves.toMatchObject({ adopted: true });
    expect(await suite.runtime.inspect(spec.name)).toMatchObject({
      state: 'created',
      error: expect.stringMatching(/no such file or directory/),
    });
  });

  it('refuses a spec labelled for another cluster', async () => {
    const spec = suite.spec(['true']);

    const launch = suite.runtimeWith({ cluster: `${suite.cluster}-other` }).launch(spec);

    await expect(launch).rejects.toBeInstanceOf(InvalidContainerSpecError);
    expect(await suite.runtime.inspect(spec.name)).toBeNull();
  });

  it("never adopts a container of the same name that is not the task's", async () => {
    const spec = suite.spec(['true']);
    const squatter = await docker.createContainer({ name: spec.name, Image: BUSYBOX_IMAGE, Cmd: ['true'] });
    try {
      await expect(suite.runtime.launch(spec)).rejects.toThrow(
        new RegExp(`container name ${spec.name} is taken by a container that is not this task's`),
      );
    } finally {
      await squatter.remove();
    }
  });

  it('lists running containers of its own cluster only', async () => {
    const otherCluster = `${suite.cluster}-other`;
    const other = suite.runtimeWith({ cluster: otherCluster });
    const ours = suite.spec(['sleep', '30']);
    const theirs = containerSpecFor(containerTask({ args: ['sleep', '30'] }), suite.nextIds(), {
      cluster: otherCluster,
    });
    try {
      const launched = await suite.runtime.launch(ours);
      await other.launch(theirs);

      const listed = await suite.runtime.listByLabel();

      expect(listed).toEqual([
        { containerId: launched.containerId, name: ours.name, state: 'running', labels: ours.labels },
      ]);
      expect((await other.listByLabel()).map((container) => container.name)).toEqual([theirs.name]);
    } finally {
      await removeAll(other);
    }
  });
});
