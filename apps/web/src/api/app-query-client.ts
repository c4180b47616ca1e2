import { createQueryClient } from './query-client';

/** The app's one query cache: the provider in main.tsx and the route loaders that prefetch into it. */
export const queryClient = createQueryClient();
