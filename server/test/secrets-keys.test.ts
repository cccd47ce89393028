// Secrets across servers and keys, against the real parts (see support/secrets-world.ts): an export carried to
// a server with the same key or another one, and a key rotation with npm run secrets:rotate.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { TEST_ZK_AUTH } from '@epoch/test/harness/zookeeper';
import { describe, expect, it } from 'vitest';
import { keyIdOf } from '../src/secrets/secret-crypto.js';
import { SecretKeyRing } from '../src/secrets/secret-key-ring.js';
import {
  api,
  containerLog,
  containerTask,
  KEY_A,
  KEY_B,
  nodes,
  printerTopology,
  runToEnd,
  secretsZooKeeper,
  startNode,
  useSecretsWorld,
} from './support/secrets-world.js';
import { uniqueRoot } from './support/test-node.js';
import { zkSnapshot } from './support/zk-snapshot.js';

useSecretsWorld();

describe('export and import', () => {
  it('restores secrets on a server with the key; with another key fails naming the topology, writing nothing', async () => {
    const secret = `exported-${randomBytes(8).toString('hex')}`;
    const source = await startNode('export', { secrets: new SecretKeyRing(KEY_A) });
    expect(
      (await api(source, 'admin', 'POST', '/apis/v1/topologies', printerTopology('carried', secret))).status,
    ).toBe(200);
    const file = JSON.parse((await api(source, 'admin', 'GET', '/apis/v1/topology-export')).text) as {
      topologies: unknown[];
    };
    expect(JSON.stringify(file)).not.toContain(secret);

    // Another key: refused whole, the topology named, nothing written (not even the topology without secrets).
    const stranger = await startNode('import-other-key', { secrets: new SecretKeyRing(KEY_B) });
    const withPlain = {
      ...file,
      topologies: [
        {
          topology: { ...printerTopology('aaa-plain', 'x'), task: containerTask(['true']) },
          state: 'ACTIVE',
        },
        ...file.topologies,
      ],
    };
    const before = await zkSnapshot(stranger.zk, stranger.paths.root);
    const refused = await api(stranger, 'admin', 'POST', '/apis/v1/topology-import', withPlain);
    expect(refused.status, refused.text).toBe(400);
    expect(refused.body.message).toContain('topologies.1.topology.task.secretEnv.DB_PASS');
    expect(refused.body.message).toContain(`topology "carried": sealed with key id ${keyIdOf(KEY_A)}`);
    expect(await zkSnapshot(stranger.zk, stranger.paths.root)).toEqual(before);

    // The same key (here on a node that also holds an older one): restored, and the container gets the value.
    const sibling = await startNode('import-same-key', { secrets: new SecretKeyRing(KEY_A, [KEY_B]) });
    const imported = await api(sibling, 'admin', 'POST', '/apis/v1/topology-import', file);
    expect(imported.status, imported.text).toBe(200);
    expect(imported.body.data).toEqual({ created: ['carried'], updated: [], unchanged: [] });
    const again = await api(sibling, 'admin', 'POST', '/apis/v1/topology-import', file);
    expect(again.body.data).toEqual({ created: [], updated: [], unchanged: ['carried'] });
    const { runId } = await runToEnd(sibling, 'carried');
    expect(await containerLog(sibling, 'carried', runId)).toBe(`db=${secret}\n`);
  });
});

describe('key rotation', () => {
  it('npm run secrets:rotate re-seals with the new key while servers hold both; then the old key can go', async () => {
    const secret = `rotated-${randomBytes(8).toString('hex')}`;
    const root = uniqueRoot('rotate');
    const before = await startNode('rotate-a', { secrets: new SecretKeyRing(KEY_A), root });
    expect(
      (await api(before, 'admin', 'POST', '/apis/v1/topologies', printerTopology('turning', secret))).status,
    ).toBe(200);
    await before.close();
    nodes.splice(nodes.indexOf(before), 1);

    // Step 1: servers get the new key as current and the old one as previous; old values still open.
    const during = await startNode('rotate-ab', { secrets: new SecretKeyRing(KEY_B, [KEY_A]), root });
    const first = await runToEnd(during, 'turning');
    expect(await containerLog(during, 'turning', first.runId)).toBe(`db=${secret}\n`);

    // Step 2: the command, with the servers' settings, re-seals everything with the new key.
    const output = await rotateCommand(root);
    expect(output.code, output.stderr).toBe(0);
    expect(output.stdout).toContain(
      `re-sealed 1 secret(s) in 1 topology(ies) with key id ${keyIdOf(KEY_B)}: turning`,
    );
    expect(output.stdout + output.stderr).not.toContain(secret);
    const stored = (await during.topologyStore.require('turning')).value.topology.task;
    expect(stored.type === 'CONTAINER_EXECUTION' && stored.secretEnv?.DB_PASS).toMatchObject({
      keyId: keyIdOf(KEY_B),
    });
    expect((await rotateCommand(root)).stdout).toContain('re-sealed 0 secret(s)');
    await during.close();
    nodes.splice(nodes.indexOf(during), 1);

    // Step 3: the old key is dropped; the secret still reaches the container.
    const after = await startNode('rotate-b', { secrets: new SecretKeyRing(KEY_B), root });
    const last = await runToEnd(after, 'turning');
    expect(await containerLog(after, 'turning', last.runId)).toBe(`db=${secret}\n`);
  });
});

/** `npm run secrets:rotate` as an operator runs it: the built CLI with the servers' environment. */
async function rotateCommand(root: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(ADMIN_PASSWORD|GUEST_PASSWORD|EPOCH_)/.test(name)),
  );
  const child = spawn(
    process.execPath,
    [fileURLToPath(new URL('../dist/secrets/secrets-rotate-cli.js', import.meta.url))],
    {
      env: {
        ...env,
        ZK_CONNECTION_STRING: secretsZooKeeper().connectionString,
        ZK_AUTH: TEST_ZK_AUTH,
        ZK_ROOT: root,
        EPOCH_AUTH_DISABLED: 'true',
        EPOCH_SECRETS_KEY: KEY_B.toString('hex'),
        EPOCH_SECRETS_PREVIOUS_KEYS: KEY_A.toString('base64'),
      },
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}
