import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The web app is served by the Fastify server from apps/web/dist in production (deep links fall
// back to index.html). In development `npm run dev -w apps/web` proxies /api to the server.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    target: 'es2022',
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: 'http://localhost:3000', changeOrigin: false },
    },
  },
  preview: {
    proxy: {
      '/api': { target: 'http://localhost:3000', changeOrigin: false },
    },
  },
});
