import { QueryClient } from '@tanstack/react-query';
import { ApiError } from '../lib/api-client.ts';

/**
 * The one TanStack Query cache of the UI. Live changes arrive as pushed events, so cached lists
 * stay fresh without polling or refetching on every focus; a 4xx is an answer, not a hiccup, and
 * is not retried (anything else is, up to three times).
 */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 60_000,
      refetchOnWindowFocus: false,
      retry: (failures, error) =>
        !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failures < 3,
    },
  },
});
