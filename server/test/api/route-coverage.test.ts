// Every route express serves is declared once, and the served OpenAPI document lists exactly the declared ones
// that are not left out on purpose: a route added beside the declarations, or mounted elsewhere than its
// declaration says, fails here.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startZooKeeper, type ZooKeeperServer } from '@epoch/test/harness/zookeeper';
import type { Express } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH_DISABLED, type AuthSettings } from '../../src/auth/auth-settings.js';
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

/** The UI's pages route (ui/static-ui.ts), as the stack walk names it. */
const UI_PAGES = /^\/(?!apis(\/|$)).*/i;

/** Single sign-on towards a provider never reached: discovery waits for the first login. */
const WITH_SSO: AuthSettings = {
  ...AUTH_DISABLED,
  disabled: false,
  oidc: {
    issuer: 'http://127.0.0.1:9/realms/epoch',
    clientId: 'epoch',
    clientSecret: undefined,
    scopes: 'openid',
    redirectUrl: 'http://localhost:8080/auth/callback',
    audience: 'epoch',
    roles: { claim: 'roles', readWriteValues: ['admin'], readOnlyValues: [] },
  },
};

let zookeeper: ZooKeeperServer;
let uiDir: string;
const nodes: TestNode[] = [];

beforeAll(async () => {
  zookeeper = await startZooKeeper();
  uiDir = mkdtempSync(join(tmpdir(), 'epoch-ui-'));
  writeFileSync(join(uiDir, 'index.html'), '<!doctype html><title>Epoch</title>');
});

afterAll(async () => {
  for (const node of nodes) await node.close();
  await zookeeper?.stop();
  rmSync(uiDir, { recursive: true, force: true });
});

async function start(label: string, options: { ui: boolean; auth?: AuthSettings }): Promise<TestNode> {
  const node = await startTestNode(zookeeper.connectionString, label, {
    clock: new ManualClock(Date.parse('2030-01-15T10:00:00Z')),
    ...(options.ui && { uiDir }),
    ...(options.auth && { auth: options.auth }),
  });
  nodes.push(node);
  return node;
}

describe('routes are declared once', () => {
  // The UI's pages and single sign-on's redirects are served only when configured: with both, every route is.
  it.each([
    { label: 'bare', ui: false, configured: [] },
    {
      label: 'ui-and-sso',
      ui: true,
      auth: WITH_SSO,
      configured: ['GET /auth/login', 'GET /auth/callback', `GET ${String(UI_PAGES)}`],
    },
  ])(
    'serves exactly the declared routes, and documents each but those left out with a reason ($label)',
    async (options) => {
      const node = await start(options.label, options);
      const response = await fetch(`${node.url}/apis/openapi.json`);
      expect(response.status).toBe(200);
      const document = (await response.json()) as { paths: Record<string, Record<string, unknown>> };
      const documented = Object.entries(document.paths).flatMap(([path, operations]) =>
        Object.keys(operations).map(
          (method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`,
        ),
      );
      const declared = node.node.routes.routes;
      const leftOut = declared.filter((route) => route.undocumented !== null);
      for (const route of leftOut) expect(route.undocumented, route.fullPath).toMatch(/\w{3,}/);
      const served = servedRoutes(node.node.app);

      expect(served.map((route) => route.key).sort()).toEqual(
        [...documented, ...leftOut.map((route) => `${route.method.toUpperCase()} ${route.fullPath}`)].sort(),
      );
      // Each served route is the one its declaration registered: none was added beside them on a declared path.
      const registered = new Set(declared.map((route) => route.registered));
      expect(served.filter((route) => !registered.has(route.route)).map((route) => route.key)).toEqual([]);
      expect(served).toHaveLength(declared.length);
      expect(served.map((route) => route.key)).toEqual(expect.arrayContaining(options.configured));
    },
  );
});
