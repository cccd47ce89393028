/**
 * A webhook URL as a user may see it: a READ_ONLY user its origin only. The server already answers them so (a
 * path or query may carry a token); the page does the same, so that nothing more shows should a fuller answer
 * be in the cache from before a role changed.
 */
export const shownUrl = (url: string, canWrite: boolean): string => (canWrite ? url : new URL(url).origin);
