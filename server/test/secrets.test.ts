// Write-only secrets against the real parts: a dedicated ZooKeeper whose data directory is read as bytes, the
// real Docker Engine running the BusyBox test image, a loopback HTTP receiver, and the servers' API, event
// stream and log output. Each test says how a secret stays inside the lines: the plaintext goes in through the
// API and out only to the container and the receiver.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { BUSYBOX_IMAGE } from '@epoch/test/harness/docker-images';
import Dockerode from 'dockerode';
import { TEST_ZK_AUTH } from '@epoch/test/harness/zookeeper';
import { describe, expect, it } from 'vitest';
import { keyIdOf } from '../src/secrets/secret-crypto.js';
import { SecretKeyRing } from '../src/secrets/secret-key-ring.js';
import { startReceiver } from './http/receiver.js';
import {
  api,
  capturingLogger,
  containerLog,
  containerTask,
  containsBytes,
  filesUnder,
  KEY_A,
  NEVER,
  printerTopology,
  receivers,
  recordEvents,
  runToEnd,
  secretsZooKeeper,
  secretsZooKeeperDataDir,
  startNode,
  useSecretsWorld,
} from './support/secrets-world.js';
import { waitUntil, type TestNode } from './support/test-node.js';
import { zkSnapshot } from './support/zk-snapshot.js';

useSecretsWorld();

describe('a secret goes to the task and nowhere else', () => {
  it('reaches the container and the receiver, never ZooKeeper, an answer, the export, an event or a log', async () => {
    const envSecret = `env-plaintext-${randomBytes(8).toString('hex')}`;
    const headerSecret = `header-plaintext-${randomBytes(8).toString('hex')}`;
    const visibleMarker = `visible-${randomBytes(8).toString('hex')}`;
    const logLines: string[] = [];
    const node = await startNode('leak', {
      secrets: new SecretKeyRing(KEY_A),
      logger: capturingLogger(logLines),
    });
    const receiver = await startReceiver((_request, response) => response.end('ok'));
    receivers.push(receiver);
    const adminEvents = recordEvents(node, 'admin');
    const guestEvents = recordEvents(node, 'guest');
    await waitUntil(() => adminEvents.text().includes('retry:') && guestEvents.text().includes('retry:'));

    const created = await api(node, 'admin', 'POST', '/apis/v1/topologies', {
      name: 'vault',
      trigger: NEVER,
      task: {
        type: 'COMPOSITE',
        tasks: [
          containerTask(['sh', '-c', 'echo "db=$DB_PASS"'], {
            env: { GREETING: visibleMarker, API_TOKEN: 'plain-token-in-env' },
            secretEnv: { DB_PASS: envSecret },
          }),
          {
            type: 'HTTP',
            taskName: 'hook',
            url: `${receiver.url}/hook`,
            headers: { 'X-Team': 'a', Authorization: 'Bearer plain-authorization' },
            secretHeaders: { 'X-Api-Secret': headerSecret },
          },
        ],
      },
    });
    expect(created.status, created.text).toBe(200);
    expect(created.body.data).toMatchObject({
      topology: {
        task: {
          tasks: [{ secretEnv: { DB_PASS: '<secret>' } }, { secretHeaders: { 'X-Api-Secret': '<secret>' } }],
        },
      },
    });

    // The container printed it (its log read through the API) and the receiver got it.
    const { runId, state } = await runToEnd(node, 'vault');
    expect(state).toBe('COMPLETED');
    expect(await containerLog(node, 'vault', runId)).toBe(`db=${envSecret}\n`);
    // Docker: not in the container's labels; in its environment, as `docker inspect` shows (README says so).
    const [container] = await node.runtime.listByLabel({ topologyId: 'vault', taskName: 'printer' });
    const inspected = await new Dockerode().getContainer(container!.containerId).inspect();
    expect(JSON.stringify(inspected.Config.Labels)).not.toContain(envSecret);
    expect(inspected.Config.Env).toContain(`DB_PASS=${envSecret}`);
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]!.headers['x-api-secret']).toBe(headerSecret);

    // Every read: names with "<secret>"; for the guest, credential-looking plain values "<redacted>" too.
    const reads = {
      admin: await api(node, 'admin', 'GET', '/apis/v1/topologies/vault'),
      guest: await api(node, 'guest', 'GET', '/apis/v1/topologies/vault'),
      guestList: await api(node, 'guest', 'GET', '/apis/v1/topologies'),
      guestSummaries: await api(node, 'guest', 'GET', '/apis/v1/topology-summaries'),
      guestRun: await api(node, 'guest', 'GET', `/apis/v1/topologies/vault/runs/${runId}`),
      adminExport: await api(node, 'admin', 'GET', '/apis/v1/topology-export'),
      guestExport: await api(node, 'guest', 'GET', '/apis/v1/topology-export'),
    };
    for (const [what, read] of Object.entries(reads)) {
      expect(read.status, what).toBe(200);
      expect(read.text, what).not.toContain(envSecret);
      expect(read.text, what).not.toContain(headerSecret);
    }
    expect(reads.admin.body.data).toMatchObject({
      topology: {
        task: { tasks: [{ env: { GREETING: visibleMarker, API_TOKEN: 'plain-token-in-env' } }, {}] },
      },
    });
    expect(reads.guest.body.data).toMatchObject({
      topology: {
        task: {
          tasks: [
            { env: { GREETING: visibleMarker, API_TOKEN: '<redacted>' }, secretEnv: { DB_PASS: '<secret>' } },
            { headers: { 'X-Team': 'a', Authorization: '<redacted>' } },
          ],
        },
      },
    });
    for (const read of [reads.guestList, reads.guestSummaries, reads.guestExport]) {
      expect(read.text).not.toContain('plain-token-in-env');
      expect(read.text).not.toContain('plain-authorization');
    }
    // The export carries the sealed blob, named by its key id, so a server with the key can restore it.
    const exported = JSON.parse(reads.adminExport.text) as {
      topologies: { topology: { task: { tasks: { secretEnv?: Record<string, unknown> }[] } } }[];
    };
    expect(exported.topologies[0]!.topology.task.tasks[0]!.secretEnv).toEqual({
      DB_PASS: {
        keyId: keyIdOf(KEY_A),
        iv: expect.any(String),
        ciphertext: expect.any(String),
        tag: expect.any(String),
      },
    });

    // The event streams saw the topology and the run, never the secret.
    await waitUntil(
      () => guestEvents.text().includes('event: run') && adminEvents.text().includes('event: run'),
    );
    adminEvents.close();
    guestEvents.close();
    for (const events of [adminEvents.text(), guestEvents.text()]) {
      expect(events).toContain('event: topology');
      expect(events).toContain('"DB_PASS":"<secret>"');
      expect(events).not.toContain(envSecret);
      expect(events).not.toContain(headerSecret);
    }
    expect(guestEvents.text()).not.toContain('plain-token-in-env');

    // The server's log (at trace level, Docker runtime included) said things, none of them the secret.
    const log = logLines.join('');
    expect(log).toContain('change');
    expect(log).not.toContain(envSecret);
    expect(log).not.toContain(headerSecret);

    // ZooKeeper's own files hold the plain value (so this reads the right bytes), never the secret.
    const files = await filesUnder(secretsZooKeeperDataDir());
    expect(containsBytes(files, visibleMarker)).toBe(true);
    expect(containsBytes(files, envSecret)).toBe(false);
    expect(containsBytes(files, headerSecret)).toBe(false);
  });
});

describe('updates keep what they do not change', () => {
  it('keeps a secret sent back as "<secret>" or omitted, and drops one left out of a sent map', async () => {
    const node = await startNode('keep', { secrets: new SecretKeyRing(KEY_A) });
    const secret = `kept-${randomBytes(8).toString('hex')}`;
    expect(
      (await api(node, 'admin', 'POST', '/apis/v1/topologies', printerTopology('keeper', secret))).status,
    ).toBe(200);
    const storedSecret = async () => {
      const stored = await node.topologyStore.require('keeper');
      return stored.value.topology.task.type === 'CONTAINER_EXECUTION'
        ? stored.value.topology.task.secretEnv
        : undefined;
    };
    const original = await storedSecret();

    // What a client read is what it sends back: "<secret>" keeps the value.
    const read = await api(node, 'admin', 'GET', '/apis/v1/topologies/keeper');
    const asRead = (read.body.data as { topology: Record<string, unknown> }).topology;
    expect(
      (await api(node, 'admin', 'PUT', '/apis/v1/topologies', { ...asRead, startingDeadlineSeconds: 60 }))
        .status,
    ).toBe(200);
    expect(await storedSecret()).toEqual(original);

    const { secretEnv: _omitted, ...withoutSecrets } = printerTopology('keeper', secret).task as Record<
      string,
      unknown
    >;
    const omitted = await api(node, 'admin', 'PUT', '/apis/v1/topologies', {
      ...printerTopology('keeper', ''),
      task: withoutSecrets,
    });
    expect(omitted.status, omitted.text).toBe(200);
    expect(await storedSecret()).toEqual(original);

    // The container still gets the value after both edits.
    const { runId } = await runToEnd(node, 'keeper');
    expect(await containerLog(node, 'keeper', runId)).toBe(`db=${secret}\n`);

    // Epoch's flat edit form has no secrets: it keeps them, and may not shadow one with a plain value.
    const simple = { cron: '0 0 4 * * ?', docker: BUSYBOX_IMAGE, cpus: 1, memory: 128 };
    const flatEdit = await api(node, 'admin', 'PUT', '/apis/v1/topologies/keeper', {
      ...simple,
      env: { A: '1' },
    });
    expect(flatEdit.status, flatEdit.text).toBe(200);
    expect(await storedSecret()).toEqual(original);
    const shadowing = await api(node, 'admin', 'PUT', '/apis/v1/topologies/keeper', {
      ...simple,
      env: { DB_PASS: 'plain' },
    });
    expect(shadowing.status).toBe(400);
    expect(shadowing.body.message).toBe('env.DB_PASS: is a secret of this task');

    const emptied = await api(node, 'admin', 'PUT', '/apis/v1/topologies', {
      ...printerTopology('keeper', ''),
      task: { ...withoutSecrets, secretEnv: {} },
    });
    expect(emptied.status, emptied.text).toBe(200);
    expect(await storedSecret()).toEqual({});
  });
});

describe('bad input is refused naming the field, and writes nothing', () => {
  async function expectRefused(
    node: TestNode,
    method: string,
    body: unknown,
    field: string,
    message: RegExp,
  ) {
    const before = await zkSnapshot(node.zk, node.paths.root);
    const result = await api(node, 'admin', method, '/apis/v1/topologies', body);
    expect(result.status, result.text).toBe(400);
    expect(result.body.message).toContain(field);
    expect(result.body.message).toMatch(message);
    expect(await zkSnapshot(node.zk, node.paths.root)).toEqual(before);
    return result;
  }

  it('refuses invalid names, a "<secret>" with nothing stored, and a name both secret and plain', async () => {
    const node = await startNode('bad', { secrets: new SecretKeyRing(KEY_A) });
    const topology = (secretEnv: Record<string, string>, env: Record<string, string> = {}) => ({
      ...printerTopology('bad-one', 'x'),
      task: containerTask(['true'], { env, secretEnv }),
    });
    await expectRefused(
      node,
      'POST',
      topology({ 'BAD-NAME': 'v' }),
      'task.secretEnv.BAD-NAME',
      /environment name/,
    );
    await expectRefused(
      node,
      'POST',
      {
        name: 'bad-hook',
        trigger: NEVER,
        task: {
          type: 'HTTP',
          taskName: 'h',
          url: 'http://127.0.0.1:9/',
          secretHeaders: { 'Bad Header': 'v' },
        },
      },
      'task.secretHeaders.Bad Header',
      /HTTP header name/,
    );
    const refused = await expectRefused(
      node,
      'POST',
      topology({ FOO: '<secret>' }),
      'task.secretEnv.FOO',
      /there is none/,
    );
    expect(refused.text).not.toContain('"v"');
    await expectRefused(
      node,
      'POST',
      topology({ DUP: 'a' }, { DUP: 'b' }),
      'task',
      /DUP is both a secret and a plain value/,
    );

    // An update's "<secret>" must name a stored secret too.
    expect((await api(node, 'admin', 'POST', '/apis/v1/topologies', topology({ KNOWN: 'v' }))).status).toBe(
      200,
    );
    await expectRefused(
      node,
      'PUT',
      topology({ KNOWN: '<secret>', OTHER: '<secret>' }),
      'task.secretEnv.OTHER',
      /there is none/,
    );
  });

  it('refuses a secret on a server without EPOCH_SECRETS_KEY, saying it needs one', async () => {
    const node = await startNode('no-key');
    await expectRefused(
      node,
      'POST',
      printerTopology('keyless', 'value'),
      'task.secretEnv.DB_PASS',
      /secrets need a key: set EPOCH_SECRETS_KEY/,
    );
  });

  it('stops a server started with a bad EPOCH_SECRETS_KEY, naming it and not echoing it', async () => {
    const env = Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !/^(ADMIN_PASSWORD|GUEST_PASSWORD|EPOCH_)/.test(name)),
    );
    const badKey = 'not-a-32-byte-key-but-a-passphrase';
    const child = spawn(process.execPath, [fileURLToPath(new URL('../dist/main.js', import.meta.url))], {
      env: {
        ...env,
        ZK_CONNECTION_STRING: secretsZooKeeper().connectionString,
        ZK_AUTH: TEST_ZK_AUTH,
        PORT: '0',
        EPOCH_AUTH_DISABLED: 'true',
        EPOCH_SECRETS_KEY: badKey,
      },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(1);
    expect(stderr).toMatch(/secretsKey \(EPOCH_SECRETS_KEY\): must be 32 bytes as 64 hex digits or base64/);
    expect(stderr).not.toContain(badKey);
  });
});
