import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  server: { proxy: { '/auth': 'http://localhost:8080', '/apis': 'http://localhost:8080' } },
  build: { outDir: 'dist', emptyOutDir: true },
  // The server writes each answer's Content-Security-Policy nonce here (server/src/ui/static-ui.ts).
  html: { cspNonce: 'EPOCH_CSP_NONCE' },
});
