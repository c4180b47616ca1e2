import { QueryClient } from '@tanstack/react-query';
import { ApiProblem } from './http-client';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        // A 4xx will not change by asking again; network errors and 5xx get two more tries.
        retry: (failures, err) => !(err instanceof ApiProblem && err.status < 500) && failures < 2,
      },
      mutations: { retry: false },
    },
  });
}
