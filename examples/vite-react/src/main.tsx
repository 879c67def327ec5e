import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App } from './App';
import './app.css';

const queryClient = new QueryClient({
  defaultOptions: {
    // neptun-client already retries what is safe to retry (network errors, timeouts, 429, 5xx) with
    // backoff and Retry-After; retrying again here would multiply the attempts.
    queries: { retry: false, refetchOnWindowFocus: false },
  },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);
