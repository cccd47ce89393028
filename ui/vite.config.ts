import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `npm run dev`: Vite with hot reload on http://localhost:5173, every server path proxied to a running Epoch
// (`npm start`'s, at 127.0.0.1:8080: it listens on IPv4 loopback only, so not `localhost`, which may be ::1;
// EPOCH_SERVER_URL names another). The browser's Host header is kept, so npm start's allowed hosts accept it.
const env = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env ?? {};
const server = env.EPOCH_SERVER_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: Object.fromEntries(
      ['/apis', '/auth', '/healthz', '/readyz', '/metrics'].map((prefix) => [prefix, server]),
    ),
  },
  build: { outDir: 'dist', emptyOutDir: true },
  // The server writes each answer's Content-Security-Policy nonce here (server/src/ui/static-ui.ts).
  html: { cspNonce: 'EPOCH_CSP_NONCE' },
});
