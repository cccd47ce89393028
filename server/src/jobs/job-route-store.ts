import { jobRouteSchema, type JobRoute } from '@epoch/shared';
import { isZkError } from '../zk/zk-errors.js';
import type { ZkClient, ZkOp } from '../zk/zk-client.js';
import type { ZkPaths } from '../zk/zk-paths.js';
import { versionedCodec } from '../zk/versioned-json.js';

const routeCodec = versionedCodec(1, { 1: jobRouteSchema });

/** Job routes, one znode each under their database. */
export class JobRouteStore {
  constructor(
    private readonly zk: ZkClient,
    private readonly paths: ZkPaths,
  ) {}

  async get(database: string, id: string): Promise<JobRoute | null> {
    const path = this.paths.jobRoute(database, id);
    const node = await this.zk.get(path);
    return node && routeCodec.decode(node.data, path);
  }

  async list(database: string): Promise<JobRoute[]> {
    const ids = await this.zk.children(this.paths.jobRoutesOf(database));
    const routes = await Promise.all(ids.map((id) => this.get(database, id)));
    return routes.filter((route) => route !== null).sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  /** Creates or replaces (timeMachine's POST and PUT are both upserts); whether it was new. */
  async put(database: string, route: JobRoute, fence: ZkOp): Promise<boolean> {
    const path = this.paths.jobRoute(database, route.id);
    const data = routeCodec.encode(route);
    for (let attempt = 1; ; attempt++) {
      try {
        await this.zk.multi([fence, { op: 'create', path, data }]);
        return true;
      } catch (error) {
        if (isZkError(error, 'NODE_EXISTS')) {
          await this.zk.multi([fence, { op: 'setData', path, data, version: -1 }]);
          return false;
        }
        if (isZkError(error, 'NO_NODE') && attempt === 1) {
          await this.zk.ensurePath(this.paths.jobRoutesOf(database));
          continue;
        }
        throw error;
      }
    }
  }

  /** Whether it existed. */
  async remove(database: string, id: string, fence: ZkOp): Promise<boolean> {
    try {
      await this.zk.multi([fence, { op: 'remove', path: this.paths.jobRoute(database, id), version: -1 }]);
      return true;
    } catch (error) {
      if (isZkError(error, 'NO_NODE') && error.opIndex === 1) return false;
      throw error;
    }
  }
}
