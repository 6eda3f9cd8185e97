import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { SECURITY_HEADERS } from './server/transport/securityHeaders.ts';

/**
 * The editor is a lazy chunk (spectators never run it), so the browser would only ask
 * for it once main.js has run; boards open in the editor far more often, so the page
 * names it and its imports as module preloads and they load alongside main.js.
 */
function preloadEditor(): Plugin {
  return {
    name: 'preload-editor',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const chunks = Object.values(ctx.bundle ?? {}).filter((c) => c.type === 'chunk');
        const editor = chunks.find((c) => c.facadeModuleId?.endsWith('/client/editor.ts'));
        if (!editor) return [];
        const entries = new Set(chunks.filter((c) => c.isEntry).map((c) => c.fileName));
        return [editor.fileName, ...editor.imports.filter((f) => !entries.has(f))].map((file) => ({
          tag: 'link',
          attrs: { rel: 'modulepreload', crossorigin: true, href: `/${file}` },
          injectTo: 'head' as const,
        }));
      },
    },
  };
}

/**
 * The relay's security headers (server/transport/securityHeaders.ts), for the dev server
 * without the CSP: Vite serves CSS as injected <style> elements and its HMR client
 * needs them. `vite preview` serves the build, which runs under the full set.
 */
const { 'content-security-policy': _csp, ...DEV_HEADERS } = SECURITY_HEADERS;

/** The relay the dev server proxies to (scripts/dev.ts starts it). */
const relay = `http://127.0.0.1:${process.env.RELAY_PORT ?? 3001}`;

/**
 * `vite build` is the production client (dist/client, what `npm start` serves);
 * `vite build --mode test` the same app with the e2e test hooks (client/testHooks.ts)
 * in its own directory, so a test run never leaves hooks where production looks.
 */
/** `CLIENT_TEST_OUT_DIR` moves the test build elsewhere, so parallel checkouts of work in progress do not overwrite each other's. */
export const CLIENT_OUT_DIR = { production: 'dist/client', test: process.env.CLIENT_TEST_OUT_DIR ?? 'dist/client-test' } as const;

/**
 * The service worker (Workbox, generated at build): it precaches the built app, so a
 * board opened before opens with no network at all (its document comes from IndexedDB,
 * client/sync/localCopy.ts). Navigations to /, /r/<id> and /v/<id> get the cached page;
 * the API, sockets, event streams and health checks always go to the network. The
 * registration is a script file (`registerSW.js`), which the CSP's script-src 'self' allows.
 */
const offlineApp = () =>
  VitePWA({
    injectRegister: 'script',
    registerType: 'autoUpdate',
    manifest: false,
    workbox: {
      globPatterns: ['**/*.{js,css,html,svg,png,ico,woff2}'],
      navigateFallback: 'index.html',
      navigateFallbackDenylist: [/^\/api\//, /^\/ws\//, /^\/rooms\//, /^\/healthz/, /^\/metrics/],
      // images of boards (files API): named by their hash, so a cached copy is always right;
      // kept for boards opened offline (client/images/cache.ts); an image's previews are
      // files like it (up to three files an image), hence room for 1,000
      runtimeCaching: [
        {
          urlPattern: /\/api\/(rooms|views)\/[^/]+\/files\/[0-9a-f]{64}$/,
          handler: 'CacheFirst',
          options: { cacheName: 'board-files', expiration: { maxEntries: 1000 }, cacheableResponse: { statuses: [200] } },
        },
      ],
      clientsClaim: true,
      skipWaiting: true,
      cleanupOutdatedCaches: true,
    },
  });

export default defineConfig(({ mode }) => ({
  root: 'client',
  publicDir: false,
  plugins: [preloadEditor(), offlineApp()],
  build: { outDir: `../${mode === 'test' ? CLIENT_OUT_DIR.test : CLIENT_OUT_DIR.production}`, emptyOutDir: true, sourcemap: true },
  preview: { headers: { ...SECURITY_HEADERS } },
  server: {
    headers: DEV_HEADERS,
    port: Number(process.env.PORT ?? 5173),
    proxy: {
      '/api': relay,
      '/rooms': relay,
      '/healthz': relay,
      '/ws': { target: relay, ws: true },
    },
  },
}));
