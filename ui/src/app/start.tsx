// The app itself, loaded by main.tsx once validation is set up.
import '@mantine/core/styles.css';
import '@mantine/charts/styles.css';
import '@mantine/dates/styles.css';
import '@mantine/notifications/styles.css';
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { setNonce } from 'get-nonce';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { cspNonce } from './csp-nonce.js';
import { router } from './router.js';
import { theme } from './theme.js';

const queryClient = new QueryClient({
  // Live updates come from the event stream; a short staleness keeps navigation snappy.
  defaultOptions: { queries: { staleTime: 5_000, retry: 1 } },
});

// Mantine's modals lock scrolling with react-remove-scroll, whose <style> element takes its nonce from here.
setNonce(cspNonce());

const root = document.getElementById('root');
if (!root) throw new Error('missing #root element');
createRoot(root).render(
  <StrictMode>
    <MantineProvider theme={theme} defaultColorScheme="auto" getStyleNonce={cspNonce}>
      <Notifications position="top-right" />
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
