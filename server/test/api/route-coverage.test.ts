// Every route express serves is declared once, and the served OpenAPI document lists exactly the declared ones
// that are not left out on purpose: a route added beside the declarations, or mounted elsewhere than its
// declaration says, fails here.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startZooKeeper, type ZooKeeperServer } from '@epoch/test/harness/zookeeper';
import type { Express } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../support/manual-clock.js';
import { startTestNode, type TestNode } from '../support/test-node.js';

/** What express keeps of a `use` or a route (router 2): a mount's path is the `rawPath` it was given. */
interface Layer {
  rawPath?: string | RegExp;
  route?: { path: string | RegExp; methods: Record<string, boolean> };
  handle: { stack?: Layer[] };
}

interface ServedRoute {
  key: string;
  route: object;
}

/** Every route in the app's router stack, mounts followed, as `METHOD /full/path`. */
function servedRoutes(app: Express): ServedRoute[] {
  const walk = (stack: Layer[], prefix: string): ServedRoute[] =>
    stack.flatMap((layer) => {
      if (layer.route) {
        const { route } = layer;
        return Object.keys(route.methods).map((method) => ({
          key: `${method.toUpperCase()} ${prefix}${String(route.path)}`,
          route,
        }));
      }
      if (!layer.handle.stack) return [];
      const mount = layer.rawPath === '/' || layer.rawPath === undefined ? '' : String(layer.rawPath);
      return walk(layer.handle.stack, prefix + mount);
    });
  return walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
}

let zookeeper: ZooKeeperServer;
let node: TestNode;
let uiDir: string;

beforeAll(async () => {
  zookeeper = await startZooKeeper();
  // With the UI, so that its pages' route is served too.
  uiDir = mkdtempSync(join(tmpdir(), 'epoch-ui-'));
  writeFileSync(join(uiDir, 'index.html'), '<!doctype html><title>Epoch</title>');
  node = await startTestNode(zookeeper.connectionString, 'route-coverage', {
    clock: new ManualClock(Date.parse('2030-01-15T10:00:00Z')),
    uiDir,
  });
});

afterAll(async () => {
  await node?.close();
  await zookeeper?.stop();
  rmSync(uiDir, { recursive: true, force: true });
});

describe('routes are declared once', () => {
  it('serves exactly the declared routes, and documents each but those left out with a reason', async () => {
    const response = await fetch(`${node.url}/apis/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    const leftOut = node.node.routes.routes.filter((route) => route.undocumented !== null);
    for (const route of leftOut) expect(route.undocumented, route.fullPath).toMatch(/\w{3,}/);
    const served = servedRoutes(node.node.app);

    expect(served.map((route) => route.key).sort()).toEqual(
      [...documented, ...leftOut.map((route) => `${route.method.toUpperCase()} ${route.fullPath}`)].sort(),
    );
    // Each served route is the one its declaration registered: none was added beside them with a declared path.
    const declared = new Set(node.node.routes.routes.map((route) => route.registered));
    expect(served.filter((route) => !declared.has(route.route)).map((route) => route.key)).toEqual([]);
    expect(served).toHaveLength(node.node.routes.routes.length);
  });
});
