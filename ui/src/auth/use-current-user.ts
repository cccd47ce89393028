import type { CurrentUser } from '@epoch/shared';
import { useQuery } from '@tanstack/react-query';
import { getData } from '../api/client.js';
import { keys } from '../api/queries.js';

/** Who is signed in (`GET /apis/v1/me`); a missing session answers 401, which leads to the login page. */
export function useCurrentUser() {
  return useQuery({
    queryKey: keys.currentUser,
    queryFn: ({ signal }) => getData<CurrentUser>('/apis/v1/me', signal),
    // A role changes rarely; the event stream's reconnect refetches it along with everything else.
    staleTime: 60_000,
  });
}

/**
 * Whether the user may change things. False until the user is known, so that read-only users never
 * glimpse controls that would only answer 403.
 */
export function useCanWrite(): boolean {
  return useCurrentUser().data?.role === 'READ_WRITE';
}
