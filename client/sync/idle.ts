/**
 * Idle presence: no pointer or key input for IDLE_MS marks us `away` in awareness
 * (shown in the presence list and on our cursor); the next input clears it. The
 * timeout can be shortened for tests with ?idleMs=<n> in the page URL.
 */
import type { Awareness } from 'y-protocols/awareness';

export const IDLE_MS = 60_000;

export function idleTimeout(search: string = location.search): number {
  const v = Number(new URLSearchParams(search).get('idleMs'));
  return Number.isFinite(v) && v > 0 ? v : IDLE_MS;
}

export function trackIdle(awareness: Awareness, timeout = idleTimeout()) {
  let away = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      away = true;
      awareness.setLocalStateField('away', true);
    }, timeout);
  };
  arm();
  return {
    /** Call on any input (cheap: only re-arms a timer). */
    activity() {
      if (away) {
        away = false;
        awareness.setLocalStateField('away', false);
      }
      arm();
    },
    destroy: () => clearTimeout(timer),
  };
}
