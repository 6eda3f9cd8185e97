import { defineConfig } from 'vite';

/** The relay the dev server proxies to (scripts/dev.ts starts it). */
const relay = `http://127.0.0.1:${process.env.RELAY_PORT ?? 3001}`;

export default defineConfig({
  root: 'client',
  publicDir: false,
  build: { outDir: '../dist/client', emptyOutDir: true, sourcemap: true },
  server: {
    port: Number(process.env.PORT ?? 5173),
    proxy: {
      '/api': relay,
      '/rooms': relay,
      '/healthz': relay,
      '/ws': { target: relay, ws: true },
    },
  },
});
