/**
 * The e2e test hooks (window.__wb, testHooks.ts) exist only in test builds: this builds
 * the client both ways (into temporary directories, so dist/ is left alone) and checks
 * what the browser would run.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = new URL('../', import.meta.url).pathname;

function build(mode: 'production' | 'test'): string {
  const outDir = mkdtempSync(join(tmpdir(), `wb-client-${mode}-`));
  execFileSync(process.execPath, [`${ROOT}node_modules/vite/bin/vite.js`, 'build', '--mode', mode, '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'], { cwd: ROOT, stdio: 'inherit' });
  return outDir;
}

/** The files a browser executes or parses: index.html and every script and stylesheet. */
function shipped(dir: string): { name: string; text: string }[] {
  const files = ['index.html', ...readdirSync(join(dir, 'assets')).filter((f) => /\.(js|css)$/.test(f)).map((f) => `assets/${f}`)];
  return files.map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }));
}

/** The modules each build was made of, from its source maps. */
function modules(dir: string): string[] {
  return readdirSync(join(dir, 'assets'))
    .filter((f) => f.endsWith('.js.map'))
    .flatMap((f) => (JSON.parse(readFileSync(join(dir, 'assets', f), 'utf8')) as { sources: string[] }).sources);
}

describe('test hooks in builds', () => {
  const dirs: Record<'production' | 'test', string> = { production: '', test: '' };
  beforeAll(() => {
    dirs.production = build('production');
    dirs.test = build('test');
  }, 120_000);
  afterAll(() => {
    for (const d of Object.values(dirs)) if (d) rmSync(d, { recursive: true, force: true });
  });

  it('the production build has no window.__wb and leaves testHooks.ts out', () => {
    const files = shipped(dirs.production);
    expect(files.some((f) => f.name.startsWith('assets/') && f.name.endsWith('.js'))).toBe(true);
    for (const f of files) expect(f.text.includes('__wb'), f.name).toBe(false);
    expect(modules(dirs.production).some((m) => m.endsWith('client/testHooks.ts'))).toBe(false);
  });

  it('the test build has them (so the check above is not vacuous)', () => {
    expect(shipped(dirs.test).some((f) => f.text.includes('__wb'))).toBe(true);
    expect(modules(dirs.test).some((m) => m.endsWith('client/testHooks.ts'))).toBe(true);
  });
});
