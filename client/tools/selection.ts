/**
 * The local selection: a set of shape ids with change listeners. The editor publishes
 * it in awareness (others outline it in our colour), attaches the Transformer to it and
 * shows its style in the style panel. Ids of shapes that disappear are dropped.
 */
export class Selection {
  private set = new Set<string>();
  private listeners = new Set<() => void>();

  ids(): string[] {
    return [...this.set];
  }

  has(id: string): boolean {
    return this.set.has(id);
  }

  get size(): number {
    return this.set.size;
  }

  replace(ids: Iterable<string>): void {
    const next = new Set(ids);
    if (next.size === this.set.size && [...next].every((id) => this.set.has(id))) return;
    this.set = next;
    this.emit();
  }

  add(ids: Iterable<string>): void {
    this.replace([...this.set, ...ids]);
  }

  toggle(id: string): void {
    const next = new Set(this.set);
    if (!next.delete(id)) next.add(id);
    this.replace(next);
  }

  clear(): void {
    this.replace([]);
  }

  /** Drops ids for which `exists` is false (deleted by undo or by someone else). */
  prune(exists: (id: string) => boolean): void {
    const keep = [...this.set].filter(exists);
    if (keep.length !== this.set.size) this.replace(keep);
  }

  onChange(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private emit() {
    for (const fn of this.listeners) fn();
  }
}
