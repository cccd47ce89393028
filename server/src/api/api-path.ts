/**
 * Whether a path is under `/apis`, matched as express matches `app.use('/apis', …)`: case-insensitive, the
 * prefix alone, with a trailing slash or followed by a segment. A follower forwards exactly what the leader's
 * API router would serve, so `/APIS/v1/…` cannot slip past the forwarding and be answered by a follower.
 */
export const isApiPath = (path: string): boolean => /^\/apis(?:\/|$)/i.test(path);
