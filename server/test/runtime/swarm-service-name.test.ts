import { describe, expect, it } from 'vitest';
import { containerNameFor } from '../../src/runners/container/runtime/container-name.js';
import { serviceNameFor } from '../../src/runners/container/runtime/swarm/service-name.js';

// What Swarm's manager accepts as a service name.
const DNS_LABEL = /^[a-zA-Z0-9](?:[-_]*[A-Za-z0-9]+)*$/;

describe('serviceNameFor', () => {
  it('is a DNS label of at most 63 characters for any container name, readable at its head', () => {
    const long = containerNameFor(
      { topologyId: 'nightly-report-'.repeat(8), runId: 'ESR-2030-01-15-10-00-00-000', taskName: 'main' },
      'production',
    );
    for (const name of [
      'epoch-prod.t-EIR-2030-01-15-10-00-00-000-x',
      long,
      'epoch-prod.t.attempt-2',
      '...',
    ]) {
      const serviceName = serviceNameFor(name);
      expect(serviceName).toMatch(DNS_LABEL);
      expect(serviceName.length).toBeLessThanOrEqual(63);
    }
    expect(serviceNameFor('epoch-prod.t-EIR-2030-01-15-10-00-00-000-x')).toMatch(
      /^epoch-prod-t-EIR-2030-01-15-10-00-00-000-x-[0-9a-f]{12}$/,
    );
  });

  it('is the same for the same container name and differs for names that sanitise alike', () => {
    expect(serviceNameFor('epoch-a.b-c')).toBe(serviceNameFor('epoch-a.b-c'));
    expect(serviceNameFor('epoch-a.b-c')).not.toBe(serviceNameFor('epoch-a-b.c'));
  });
});
