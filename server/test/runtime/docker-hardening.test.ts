// What a task container gets on the real Docker Engine without asking: no capabilities, no privilege gain,
// process, memory and log limits; and what the operator and the task may change.
import { spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import Dockerode from 'dockerode';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EgressPolicy } from '../../src/egress/egress-policy.js';
import { HARDENED_DEFAULTS } from '../../src/runners/container/runtime/container-defaults.js';
import { InvalidContainerSpecError } from '../../src/runners/container/runtime/runtime-errors.js';
import { waitUntil } from '../support/test-node.js';
import { outputOf, removeAll, startSuite, type Suite } from './runtime-fixtures.js';

let suite: Suite;
const docker = new Dockerode();
const MIB = 1024 * 1024;

beforeAll(async () => {
  suite = await startSuite('hardening');
});
afterEach(async () => {
  await removeAll(suite.runtime);
});

/** A field of /proc/self/status as the container's process sees it. */
const statusField = (output: string, field: string) =>
  new RegExp(`^${field}:\\s*(\\S+)`, 'm').exec(output)?.[1];

describe('a task container, by default', () => {
  it('has no capabilities, cannot gain privileges, and has pids, memory and log limits', async () => {
    const spec = suite.spec(['cat', '/proc/self/status'], { resources: [{ type: 'CPU', count: 1 }] });

    const { containerId } = await suite.runtime.launch(spec);
    const { stdout } = await outputOf(suite.runtime, spec.name);

    const { HostConfig: host } = await docker.getContainer(containerId).inspect();
    expect(host).toMatchObject({
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges:true'],
      PidsLimit: 512,
      Memory: 512 * MIB,
      MemorySwap: 512 * MIB,
      LogConfig: { Type: 'json-file', Config: { 'max-size': '10m', 'max-file': '3' } },
      ReadonlyRootfs: false,
      Privileged: false,
      IpcMode: 'private',
    });
    expect(host.CapAdd ?? []).toEqual([]);
    expect(host.NetworkMode).not.toBe('host');
    expect(host.PidMode).not.toBe('host');
    // What the kernel applied, not only what the engine recorded.
    expect(statusField(stdout, 'CapEff')).toBe('0000000000000000');
    expect(statusField(stdout, 'CapBnd')).toBe('0000000000000000');
    expect(statusField(stdout, 'NoNewPrivs')).toBe('1');
  });

  it('stops a fork bomb at the pids limit, and the host can still start its own processes', async () => {
    const runtime = suite.runtimeWith({ containerDefaults: { ...HARDENED_DEFAULTS, pidsLimit: 32 } });
    // A bomb of bounded depth (at most 2^9 processes without a limit, harmless to a shared machine), in a
    // subshell, while the container's first process keeps it alive.
    const spec = suite.spec([
      'sh',
      '-c',
      '(f(){ if [ $1 -gt 0 ]; then f $(($1-1)) & f $(($1-1)); fi; sleep 30; }; f 8) & exec sleep 60',
    ]);

    const { containerId } = await runtime.launch(spec);
    const samples: number[] = [];
    // Each answer takes the engine one to two seconds (it samples CPU use twice).
    for (let sample = 0; sample < 2; sample++) {
      const stats = (await docker.getContainer(containerId).stats({ stream: false })) as {
        pids_stats: { current: number; limit: number };
      };
      expect(stats.pids_stats.limit).toBe(32);
      samples.push(stats.pids_stats.current);
      expect(spawnSync('true').status).toBe(0);
    }
    await runtime.kill(spec.name);
    const { stderr } = await outputOf(runtime, spec.name);

    // It ran into the limit (it would grow to 2^9 processes without one) and went no further. The count
    // churns as refused shells exit, so a sample may be well below the limit.
    expect(stderr).toMatch(/can't fork: Resource temporarily unavailable/);
    expect(Math.max(...samples)).toBeLessThanOrEqual(32);
  });
});

describe('what the operator and the task may change', () => {
  it('adds back the capabilities the operator allows, and no more', async () => {
    const runtime = suite.runtimeWith({
      containerDefaults: { ...HARDENED_DEFAULTS, capAdd: ['NET_BIND_SERVICE', 'CHOWN'] },
    });
    const spec = suite.spec(['cat', '/proc/self/status']);

    const { containerId } = await runtime.launch(spec);
    const { stdout } = await outputOf(runtime, spec.name);

    const { HostConfig: host } = await docker.getContainer(containerId).inspect();
    expect(host).toMatchObject({ CapDrop: ['ALL'], CapAdd: ['NET_BIND_SERVICE', 'CHOWN'] });
    // CAP_CHOWN is bit 0, CAP_NET_BIND_SERVICE bit 10.
    expect(statusField(stdout, 'CapEff')).toBe('0000000000000401');
  });

  it("mounts the task's root file system read-only on request", async () => {
    const spec = suite.spec(['sh', '-c', 'touch /written && echo wrote || echo refused'], {
      readOnlyRootFs: true,
    });

    const { containerId } = await suite.runtime.launch(spec);
    const output = await outputOf(suite.runtime, spec.name);

    expect(output.stdout).toBe('refused\n');
    expect(output.stderr).toMatch(/Read-only file system/);
    expect((await docker.getContainer(containerId).inspect()).HostConfig.ReadonlyRootfs).toBe(true);
  });

  it("runs as the task's user, else the operator's default, else the image's", async () => {
    const ids = 'echo $(busybox id -u):$(busybox id -g)';
    const withDefault = suite.runtimeWith({ containerDefaults: { ...HARDENED_DEFAULTS, user: '4321' } });
    const own = suite.spec(['sh', '-c', ids], { user: '1234:2345' });
    const defaulted = suite.spec(['sh', '-c', ids]);
    const image = suite.spec(['sh', '-c', ids]);

    await withDefault.launch(own);
    await withDefault.launch(defaulted);
    await suite.runtime.launch(image);

    expect((await outputOf(withDefault, own.name)).stdout).toBe('1234:2345\n');
    expect((await outputOf(withDefault, defaulted.name)).stdout).toBe('4321:0\n');
    expect((await outputOf(suite.runtime, image.name)).stdout).toBe('0:0\n');
  });

  it("keeps the topology's LOCAL log within its files: 5 MiB printed, 2 files of 1 MiB kept", async () => {
    const spec = suite.spec(['sh', '-c', 'yes 0123456789abcdefghijklmnopqrstuvwxyz | head -c 5m'], {
      logging: { type: 'LOCAL', maxSize: '1m', maxFiles: 2, compress: true },
    });

    const { containerId } = await suite.runtime.launch(spec);
    const { stdout } = await outputOf(suite.runtime, spec.name);

    expect((await docker.getContainer(containerId).inspect()).HostConfig.LogConfig).toEqual({
      Type: 'json-file',
      Config: { 'max-size': '1m', 'max-file': '2', compress: 'true' },
    });
    // Each stored line carries JSON around it, so less than 2 MiB of text remains, but more than one file's.
    expect(stdout.length).toBeLessThan(2 * MIB);
    expect(stdout.length).toBeGreaterThan(0.5 * MIB);
  });

  it('sends RSYSLOG logging to the syslog driver, only where the egress policy allows', async () => {
    const receiver = await syslogReceiver();
    try {
      const server = `udp://127.0.0.1:${receiver.port}`;
      const spec = (args: string[]) =>
        suite.spec(args, { logging: { type: 'RSYSLOG', server, tagPrefix: 'epoch.' } });
      const refusedSpec = spec(['echo', 'never sent']);

      const refused = suite.runtime.launch(refusedSpec);

      await expect(refused).rejects.toBeInstanceOf(InvalidContainerSpecError);
      await expect(refused).rejects.toThrow(
        `logging.server ${server} is not allowed: destination not allowed: 127.0.0.1 (127.0.0.1) by the egress policy`,
      );
      expect(await suite.runtime.inspect(refusedSpec.name)).toBeNull();

      const opened = suite.runtimeWith({
        egress: new EgressPolicy({ allow: [`127.0.0.1:${receiver.port}`], deny: [] }),
      });
      const sent = spec(['echo', 'to syslog']);
      const { containerId } = await opened.launch(sent);
      const { LogConfig } = (await docker.getContainer(containerId).inspect()).HostConfig;
      expect(LogConfig).toEqual({
        Type: 'syslog',
        Config: { 'syslog-address': server, tag: `epoch.${sent.labels['io.epoch.task-id']}` },
      });
      await waitUntil(() => receiver.messages.some((message) => message.includes('to syslog')));
      expect(receiver.messages.join('\n')).toContain(`epoch.${sent.labels['io.epoch.task-id']}`);
      expect(receiver.messages.join('\n')).not.toContain('never sent');
    } finally {
      await receiver.close();
    }
  });
});

/** A syslog receiver on a free UDP port of 127.0.0.1 (the Docker daemon sends from the host's network). */
async function syslogReceiver() {
  const socket = createSocket('udp4');
  const messages: string[] = [];
  socket.on('message', (message) => messages.push(message.toString('utf8')));
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    port: socket.address().port,
    messages,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
