// GET /apis/docs on a real node: Swagger UI's page and files, public like /apis/openapi.json, under the same
// Content-Security-Policy as the UI (no inline script). test/ui/api-docs.test.ts renders it in Chromium.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startZooKeeper, type ZooKeeperServer } from '@epoch/test/harness/zookeeper';
import { AUTH_DISABLED, type AuthSettings } from '../../src/auth/auth-settings.js';
import { ManualClock } from '../support/manual-clock.js';
import { startTestNode, type TestNode } from '../support/test-node.js';

/** Sign-in required: the docs stay public, the API does not. */
const WITH_USERS: AuthSettings = {
  ...AUTH_DISABLED,
  disabled: false,
  users: [{ username: 'admin', password: 'admin-password-docs-test', role: 'READ_WRITE' }],
};

let zookeeper: ZooKeeperServer;
let node: TestNode;

beforeAll(async () => {
  zookeeper = await startZooKeeper();
  node = await startTestNode(zookeeper.connectionString, 'api-docs', {
    clock: new ManualClock(Date.parse('2030-01-15T10:00:00Z')),
    auth: WITH_USERS,
  });
});

afterAll(async () => {
  await node?.close();
  await zookeeper?.stop();
});

describe('GET /apis/docs', () => {
  it('answers an HTML page that loads Swagger UI and its own script from this origin, without credentials', async () => {
    const response = await fetch(`${node.url}/apis/docs`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    const page = await response.text();
    expect(page).toContain('<div id="swagger-ui"></div>');
    const scripts = [...page.matchAll(/<script([^>]*)>([^<]*)<\/script>/g)];
    expect(scripts.map(([, attributes]) => attributes)).toEqual([
      ' src="/apis/docs/swagger-ui-bundle.js"',
      ' src="/apis/docs/epoch-docs.js"',
    ]);
    // No inline script: every script element is empty.
    for (const [, , body] of scripts) expect(body).toBe('');
    // The API itself still needs a caller.
    expect((await fetch(`${node.url}/apis/v1/topologies`)).status).toBe(401);
  });

  it.each([
    ['swagger-ui-bundle.js', /javascript/],
    ['swagger-ui.css', /^text\/css/],
    ['epoch-docs.js', /javascript/],
    ['favicon-32x32.png', /^image\/png/],
  ])('serves %s', async (file, type) => {
    const response = await fetch(`${node.url}/apis/docs/${file}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(type);
    expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(100);
  });

  it('points the page at /apis/openapi.json', async () => {
    const script = await (await fetch(`${node.url}/apis/docs/epoch-docs.js`)).text();
    expect(script).toContain("url: '/apis/openapi.json'");
    const document = (await (await fetch(`${node.url}/apis/openapi.json`)).json()) as {
      paths: Record<string, unknown>;
    };
    // A page for browsers, left out of the document as the document itself is.
    expect(document.paths['/apis/docs']).toBeUndefined();
    expect(Object.keys(document.paths)).toContain('/apis/v1/topologies');
  });

  it.each(['index.html', 'package.json', '..%2Fpackage.json', '__proto__', 'constructor'])(
    'serves no other file: %s',
    async (file) => {
      const response = await fetch(`${node.url}/apis/docs/${file}`);
      expect(response.status).toBe(404);
    },
  );
});
