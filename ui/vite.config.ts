import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  server: { proxy: { '/auth': 'http://localhost:8080', '/apis': 'http://localhost:8080' } },
  build: { outDir: 'dist', emptyOutDir: true },
});
