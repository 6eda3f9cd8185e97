/**
 * Bounded waiting that wakes on what changes the answer (a document update, an
 * awareness change) instead of a fixed poll: a batch waits several times, and a 5 ms
 * poll each time was most of a batch's duration.
 */
import type * as Y from 'yjs';

interface Source {
  on(event: 'update' | 'change', f: () => void): void;
  off(event: 'update' | 'change', f: () => void): void;
}

/**
 * Resolves when `check` holds, rechecked on every update/change of `sources`, when any
 * of `wake` settles, and every 25 ms.
 */
export function waitFor(check: () => boolean, what: string, timeoutMs: number, sources: Array<Y.Doc | Source> = [], wake: Array<Promise<unknown>> = []): Promise<void> {
  if (check()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const srcs = sources as Source[];
    const done = (err?: Error) => {
      clearInterval(poll);
      clearTimeout(timer);
      for (const s of srcs) {
        s.off('update', recheck);
        s.off('change', recheck);
      }
      if (err) reject(err);
      else resolve();
    };
    const recheck = () => {
      if (check()) done();
    };
    const poll = setInterval(recheck, 25);
    const timer = setTimeout(() => (check() ? done() : done(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`))), timeoutMs);
    for (const s of srcs) {
      s.on('update', recheck);
      s.on('change', recheck);
    }
    for (const w of wake) w.then(recheck, recheck);
  });
}
