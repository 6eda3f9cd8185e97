import { describe, expect, it } from 'vitest';
import { frameLimit, UNKNOWN_FRAME_LIMIT } from './frameLimit.ts';

const memory = () => {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v) };
};

describe('frameLimit', () => {
  it('is conservative until the relay says, then remembers what it said for the next visit', () => {
    const store = memory();
    const first = frameLimit(store);
    expect(first.get()).toBe(UNKNOWN_FRAME_LIMIT);
    first.heard(null);
    expect(first.get()).toBe(UNKNOWN_FRAME_LIMIT);
    first.heard(32 * 1024 * 1024);
    expect(first.get()).toBe(32 * 1024 * 1024);
    expect(frameLimit(store).get()).toBe(32 * 1024 * 1024);
  });

  it('never cuts finer than 64 KiB, and ignores nonsense', () => {
    const l = frameLimit(memory());
    l.heard(10);
    expect(l.get()).toBe(64 * 1024);
    l.heard(Number.NaN);
    l.heard(-5);
    expect(l.get()).toBe(64 * 1024);
  });
});
