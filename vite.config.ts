import { defineConfig, type Plugin } from 'vite';

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

/** The relay the dev server proxies to (scripts/dev.ts starts it). */
const relay = `http://127.0.0.1:${process.env.RELAY_PORT ?? 3001}`;

export default defineConfig({
  root: 'client',
  publicDir: false,
  plugins: [preloadEditor()],
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
