import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { MeResponse } from '@aup/contracts';
import { accountsApi } from '../api/accounts';
import { ApiProblem, onSessionExpired, sessionRestored } from '../api/http-client';

export const ME_QUERY_KEY = ['me'] as const;

interface SessionState {
  me: MeResponse | null;
  loading: boolean;
  /** True after an api call answered 401 while the page was open: the sign-in dialog is showing. */
  expired: boolean;
  /** Called after a successful sign-in: refreshes the session and retries what failed. */
  signedIn(): Promise<void>;
  signedOut(): void;
}

const SessionContext = createContext<SessionState | null>(null);

/** Who is signed in (null: nobody). Shared with main.tsx, which starts it before React renders. */
export const meQueryOptions = {
  queryKey: ME_QUERY_KEY,
  queryFn: async (): Promise<MeResponse | null> => {
    try {
      return await accountsApi.me();
    } catch (err) {
      if (err instanceof ApiProblem && err.status === 401) return null;
      throw err;
    }
  },
  staleTime: 60_000,
};

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [expired, setExpired] = useState(false);
  const meQuery = useQuery(meQueryOptions);

  useEffect(() => onSessionExpired(() => setExpired(true)), []);

  const signedIn = useCallback(async () => {
    setExpired(false);
    await queryClient.invalidateQueries();
    sessionRestored();
  }, [queryClient]);

  const signedOut = useCallback(() => {
    setExpired(false);
    queryClient.setQueryData(ME_QUERY_KEY, null);
    queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_QUERY_KEY[0] });
  }, [queryClient]);

  const value = useMemo<SessionState>(
    () => ({
      me: meQuery.data ?? null,
      loading: meQuery.isPending,
      expired: expired && !!meQuery.data,
      signedIn,
      signedOut,
    }),
    [meQuery.data, meQuery.isPending, expired, signedIn, signedOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error('useSession outside SessionProvider');
  return ctx;
}
