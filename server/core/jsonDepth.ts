/**
 * Whether a parsed JSON (or Yjs Any) value nests at most `max` arrays/objects deep.
 * Iterative, so a hostile value cannot overflow the stack here either.
 */
export function jsonDepthWithin(value: unknown, max: number): boolean {
  if (value === null || typeof value !== 'object') return true;
  const stack: Array<{ v: unknown; depth: number }> = [{ v: value, depth: 1 }];
  while (stack.length > 0) {
    const { v, depth } = stack.pop()!;
    if (depth > max) return false;
    if (v instanceof Uint8Array) continue;
    const children = Array.isArray(v) ? v : Object.values(v as object);
    for (const c of children) if (c !== null && typeof c === 'object') stack.push({ v: c, depth: depth + 1 });
  }
  return true;
}
