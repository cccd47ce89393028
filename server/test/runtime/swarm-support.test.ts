import { describe, expect, it } from 'vitest';
import {
  assertSwarmEnforces,
  hardeningGaps,
} from '../../src/runners/container/runtime/swarm/swarm-support.js';

describe('hardeningGaps', () => {
  it('names what services cannot enforce on older engines, and nothing on new ones', () => {
    expect(hardeningGaps('1.41')).toEqual(['no-new-privileges', 'memory-swap']);
    expect(hardeningGaps('1.44')).toEqual(['memory-swap']);
    expect(hardeningGaps('1.52')).toEqual([]);
    expect(hardeningGaps('2.0')).toEqual([]);
  });
});

describe('assertSwarmEnforces', () => {
  it('refuses to start, naming each gap and the setting that accepts it', () => {
    expect(() => assertSwarmEnforces('1.41', [])).toThrow(
      /cannot enforce on services:\n {2}no-new-privileges: needs 1\.44.*\n {2}memory-swap: needs 1\.52.*\n.*EPOCH_SWARM_ACCEPT_UNENFORCED=no-new-privileges,memory-swap/,
    );
    expect(() => assertSwarmEnforces('1.41', ['memory-swap'])).toThrow(/=no-new-privileges$/);
  });

  it('starts when every gap is accepted or there is none, never below API 1.41', () => {
    expect(() => assertSwarmEnforces('1.41', ['no-new-privileges', 'memory-swap'])).not.toThrow();
    expect(() => assertSwarmEnforces('1.52', [])).not.toThrow();
    expect(() => assertSwarmEnforces('1.40', ['no-new-privileges', 'memory-swap'])).toThrow(
      /needs Docker Engine API 1\.41/,
    );
  });
});
