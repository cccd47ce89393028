import type { TopologyDetails } from '@epoch/shared';
import { describe, expect, it } from 'vitest';
import { EventBus } from '../events/event-bus.js';
import { TopologyCatalog } from './topology-catalog.js';

const topology = (id: string, updated = 1) => ({ id, updated }) as unknown as TopologyDetails;

describe('TopologyCatalog', () => {
  it('answers nothing until loaded, then follows every change', () => {
    const bus = new EventBus();
    const catalog = new TopologyCatalog(bus);
    expect(catalog.list()).toBeNull();
    catalog.begin();
    catalog.load([topology('a'), topology('b')]);
    bus.publish({ type: 'TOPOLOGY_CHANGED', topology: topology('c') });
    bus.publish({ type: 'TOPOLOGY_CHANGED', topology: topology('a', 2) });
    bus.publish({ type: 'TOPOLOGY_DELETED', topologyId: 'b' });
    expect(catalog.list()).toEqual([topology('a', 2), topology('c')]);
    catalog.clear();
    expect(catalog.list()).toBeNull();
  });

  it('applies changes made while loading on top of what was read', () => {
    const bus = new EventBus();
    const catalog = new TopologyCatalog(bus);
    catalog.begin();
    bus.publish({ type: 'TOPOLOGY_CHANGED', topology: topology('a', 5) });
    bus.publish({ type: 'TOPOLOGY_DELETED', topologyId: 'b' });
    catalog.load([topology('a', 1), topology('b')]);
    expect(catalog.list()).toEqual([topology('a', 5)]);
  });
});
