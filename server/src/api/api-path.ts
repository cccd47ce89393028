/**
 * Whether a path is the API's: under `/apis`, or timeMachine's `/job` and `/route`, matched as express matches
 * `app.use('/apis', …)`: case-insensitive, the prefix alone, with a trailing slash or followed by a segment. A
 * follower forwards exactly what the leader's API routers would serve, so `/APIS/v1/…` or `/Job/…` cannot slip
 * past the forwarding and be answered by a follower.
 */
export const isApiPath = (path: string): boolean => /^\/(?:apis|job|route)(?:\/|$)/i.test(path);
