/** The abort reason when this node stops being leader: stop acting, but leave the work running. */
export class LeadershipLostError extends Error {
  override readonly name = 'LeadershipLostError';
  constructor() {
    super('this node is no longer the leader');
  }
}
