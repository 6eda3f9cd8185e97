import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/** docs/benchmarks.md, which every benchmark writes its sections into. */
export const BENCHMARKS_MD = new URL('../docs/benchmarks.md', import.meta.url).pathname;

/**
 * Replaces the text between `<!-- name:start -->` and `<!-- name:end -->` in the
 * markdown file (appending the section if it is not there yet), leaving the rest as is.
 */
export function writeDocSection(path: string, name: string, text: string): void {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const block = `${start}\n${text.trim()}\n${end}`;
  const old = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n';
  const a = old.indexOf(start);
  const b = old.indexOf(end);
  const next = a >= 0 && b > a ? old.slice(0, a) + block + old.slice(b + end.length) : `${old.trimEnd()}\n\n${block}\n`;
  writeFileSync(path, next);
}
