/**
 * Whether a path is under one of timeMachine's prefixes, `/job` and `/route` (timemachine-routes.ts), matched as
 * express matches `app.use('/job', …)`: case-insensitive, the prefix alone, with a trailing slash or followed by
 * a segment.
 */
export const isTimeMachinePath = (path: string): boolean => /^\/(?:job|route)(?:\/|$)/i.test(path);

/**
 * Whether a path is the API's: under `/apis`, matched as express matches `app.use('/apis', …)`, or timeMachine's.
 * A follower forwards exactly what the leader's API routers would serve, so `/APIS/v1/…` or `/Job/…` cannot slip
 * past the forwarding and be answered by a follower.
 */
export const isApiPath = (path: string): boolean => /^\/apis(?:\/|$)/i.test(path) || isTimeMachinePath(path);
