import express from 'express';
import { describe, expect, it } from 'vitest';
import { isApiPath, isTimeMachinePath } from './api-path.js';

const UNDER_APIS = ['/apis', '/apis/', '/APIS', '/Apis/', '/APIS/v1/topologies/x/run', '/apis/v1'];
/** timeMachine's paths (timemachine-routes.ts), forwarded like /apis. */
const TIMEMACHINE = ['/job', '/JOB/carts', '/job/default/carts/a', '/route', '/route/', '/Route/r-1'];
const OUTSIDE = [
  '/',
  '/apisx',
  '/api',
  '/v1/apis',
  '/healthz',
  '/apis.json',
  '/xapis/v1',
  '/jobs',
  '/jobs/carts',
  '/routes',
  '/router/x',
  '/v1/job',
];

describe('isApiPath', () => {
  it('matches /apis, /job and /route as express does: any case, the prefix alone, with a slash, or a segment after it', () => {
    for (const path of [...UNDER_APIS, ...TIMEMACHINE]) expect(isApiPath(path), path).toBe(true);
    for (const path of OUTSIDE) expect(isApiPath(path), path).toBe(false);
  });

  it('tells timeMachine paths from the rest of the API', () => {
    for (const path of TIMEMACHINE) expect(isTimeMachinePath(path), path).toBe(true);
    for (const path of [...UNDER_APIS, ...OUTSIDE]) expect(isTimeMachinePath(path), path).toBe(false);
  });

  it("agrees with express's own app.use('/apis'), app.use('/job') and app.use('/route') on every case", async () => {
    const app = express();
    app.use(['/apis', '/job', '/route'], (_req, res) => void res.send('api'));
    app.use((_req, res) => void res.send('other'));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as { port: number };
    try {
      for (const path of [...UNDER_APIS, ...TIMEMACHINE, ...OUTSIDE]) {
        const answer = await (await fetch(`http://127.0.0.1:${port}${path}`)).text();
        expect(answer === 'api', path).toBe(isApiPath(path));
      }
    } finally {
      server.close();
    }
  });
});
