import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The manager serves dist/ from its own origin; `npm run dev -w @bosun/web` proxies the API and
// sockets to a manager on BOSUN_DEV_MANAGER (default http://127.0.0.1:7070).
const manager = process.env.BOSUN_DEV_MANAGER ?? 'http://127.0.0.1:7070';

export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 1024 },
  server: {
    proxy: {
      '/api': { target: manager, changeOrigin: false },
      '/ws': { target: manager, ws: true, changeOrigin: false },
    },
  },
});
