import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router-dom';
import { queryClient } from './api/app-query-client';
import { meQueryOptions, SessionProvider } from './auth/session';
import { router } from './routes';
import './styles.css';

// Every page asks who is signed in; ask while React is still starting instead of after its first render.
void queryClient.prefetchQuery(meQueryOptions);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <SessionProvider>
        <RouterProvider router={router} />
      </SessionProvider>
    </QueryClientProvider>
  </StrictMode>,
);
