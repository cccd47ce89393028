import {
  leafTasks,
  SECRET_PLACEHOLDER,
  topologySchema,
  type SealedSecret,
  type Topology,
} from '@epoch/shared';
import { describe, expect, it } from 'vitest';
import { keyIdOf } from './secret-crypto.js';
import { SecretKeyRing } from './secret-key-ring.js';
import {
  openLeafSecrets,
  resealTopology,
  sealTopologySecrets,
  secretAad,
  showSecrets,
} from './topology-secrets.js';

const oldKey = Buffer.alloc(32, 3);
const newKey = Buffer.alloc(32, 4);
const ring = new SecretKeyRing(oldKey);

function topology(secretEnv?: Record<string, unknown>, secretHeaders?: Record<string, unknown>): Topology {
  return topologySchema.parse({
    name: 'nightly',
    trigger: { type: 'CRON', timeSpec: '0 0 * * * ?' },
    task: {
      type: 'COMPOSITE',
      tasks: [
        {
          type: 'CONTAINER_EXECUTION',
          taskName: 'c',
          executable: { url: 'busybox:1' },
          resources: [{ type: 'CPU', count: 1 }],
          env: { PLAIN: 'p' },
          ...(secretEnv && { secretEnv }),
        },
        {
          type: 'HTTP',
          taskName: 'h',
          url: 'https://example.com/hook',
          ...(secretHeaders && { secretHeaders }),
        },
      ],
    },
  });
}

const leaves = (t: Topology) => leafTasks(t.task);
const envOf = (t: Topology) => {
  const leaf = leaves(t)[0];
  return leaf?.type === 'CONTAINER_EXECUTION' ? (leaf.secretEnv ?? {}) : {};
};

describe('sealTopologySecrets', () => {
  it('seals plaintext with the current key, bound to the topology and the name', () => {
    const { topology: sealed, issues } = sealTopologySecrets(
      topology({ DB_PASS: 'hunter2' }, { Authorization: 'Bearer t0ken' }),
      null,
      ring,
      { keepOmitted: true },
    );
    expect(issues).toEqual([]);
    expect(JSON.stringify(sealed)).not.toMatch(/hunter2|t0ken/);
    const value = envOf(sealed).DB_PASS as SealedSecret;
    expect(value.keyId).toBe(keyIdOf(oldKey));
    expect(ring.open(value, secretAad('nightly', 'secretEnv', 'DB_PASS'))).toBe('hunter2');
    expect(() => ring.open(value, secretAad('other', 'secretEnv', 'DB_PASS'))).toThrow(/altered or moved/);
  });

  it('keeps the stored value for "<secret>" and for an omitted field; drops names left out', () => {
    const stored = sealTopologySecrets(topology({ A: 'a', B: 'b' }), null, ring, {
      keepOmitted: true,
    }).topology;
    const kept = sealTopologySecrets(topology({ A: SECRET_PLACEHOLDER }), stored, ring, {
      keepOmitted: true,
    });
    expect(kept.issues).toEqual([]);
    expect(envOf(kept.topology)).toEqual({ A: envOf(stored).A });
    const omitted = sealTopologySecrets(topology(), stored, ring, { keepOmitted: true });
    expect(envOf(omitted.topology)).toEqual(envOf(stored));
    // An import states the whole definition: an omitted field means none.
    const imported = sealTopologySecrets(topology(), stored, ring, { keepOmitted: false });
    expect(envOf(imported.topology)).toEqual({});
  });

  it('keeps an omitted field only from the same task name and kind', () => {
    const stored = sealTopologySecrets(topology({ A: 'a' }), null, ring, { keepOmitted: true }).topology;
    const renamed = topologySchema.parse({
      ...stored,
      task: { type: 'HTTP', taskName: 'c', url: 'https://example.com/' },
    });
    expect(
      sealTopologySecrets(renamed, stored, ring, { keepOmitted: true }).topology.task,
    ).not.toHaveProperty('secretHeaders');
  });

  it('names the field of a "<secret>" with nothing stored', () => {
    const { issues } = sealTopologySecrets(topology({ FOO: SECRET_PLACEHOLDER }), null, ring, {
      keepOmitted: true,
    });
    expect(issues).toEqual([
      { field: 'task.tasks.0.secretEnv.FOO', message: expect.stringContaining('none') },
    ]);
  });

  it('refuses a value when the server has no key', () => {
    const { issues } = sealTopologySecrets(topology(undefined, { 'X-Key': 'v' }), null, SecretKeyRing.EMPTY, {
      keepOmitted: true,
    });
    expect(issues).toEqual([
      { field: 'task.tasks.1.secretHeaders.X-Key', message: expect.stringContaining('EPOCH_SECRETS_KEY') },
    ]);
  });

  it('keeps a sealed value (an import) that opens here, names one that does not', () => {
    const sealed = sealTopologySecrets(topology({ A: 'a' }), null, ring, { keepOmitted: false }).topology;
    expect(sealTopologySecrets(sealed, null, ring, { keepOmitted: false })).toEqual({
      topology: sealed,
      issues: [],
    });
    const elsewhere = new SecretKeyRing(newKey);
    expect(sealTopologySecrets(sealed, null, elsewhere, { keepOmitted: false }).issues).toEqual([
      {
        field: 'task.tasks.0.secretEnv.A',
        message: `sealed with key id ${keyIdOf(oldKey)}, which this server does not hold`,
      },
    ]);
  });
});

describe('showSecrets and openLeafSecrets', () => {
  const sealed = sealTopologySecrets(topology({ A: 'alpha' }, { 'X-Token': 'tok' }), null, ring, {
    keepOmitted: true,
  }).topology;

  it('shows every secret by name as "<secret>"', () => {
    const shown = showSecrets(sealed);
    expect(envOf(shown)).toEqual({ A: SECRET_PLACEHOLDER });
    expect(leaves(shown)[1]).toMatchObject({ secretHeaders: { 'X-Token': SECRET_PLACEHOLDER } });
  });

  it('opens secrets into env and headers for the launch', () => {
    const [container, http] = leaves(sealed);
    expect(openLeafSecrets(container!, 'nightly', ring)).toMatchObject({ env: { PLAIN: 'p', A: 'alpha' } });
    expect(openLeafSecrets(http!, 'nightly', ring)).toMatchObject({ headers: { 'X-Token': 'tok' } });
    expect(() => openLeafSecrets(container!, 'nightly', new SecretKeyRing(newKey))).toThrow(
      /secretEnv\.A: sealed with key id/,
    );
  });
});

describe('resealTopology', () => {
  it('seals again with the current key what an older key sealed, and nothing twice', () => {
    const sealed = sealTopologySecrets(topology({ A: 'alpha' }, { 'X-Token': 'tok' }), null, ring, {
      keepOmitted: true,
    }).topology;
    const rotated = new SecretKeyRing(newKey, [oldKey]);
    const { topology: resealed, count } = resealTopology(sealed, rotated);
    expect(count).toBe(2);
    const onlyNew = new SecretKeyRing(newKey);
    expect(openLeafSecrets(leaves(resealed)[0]!, 'nightly', onlyNew)).toMatchObject({ env: { A: 'alpha' } });
    expect(resealTopology(resealed, rotated).count).toBe(0);
    expect(() => resealTopology(sealed, onlyNew)).toThrow(/topology "nightly", secretEnv\.A/);
  });
});
