/**
 * The shape registry: the one place that knows which shape types exist. Everything else
 * asks it for a shape's module (by type, by data, or by the map in the document) and
 * leaves the rest to the module. Adding a shape type is a module (types.ts) added to
 * BUILTIN, plus the tool that creates it.
 */
import { F } from '../../shared/schema.ts';
import type * as Y from 'yjs';
import { arrowModule } from './arrow/index.ts';
import { ellipseModule } from './ellipse/index.ts';
import { lineModule } from './line/index.ts';
import { rectModule } from './rect/index.ts';
import { stickyModule } from './sticky/index.ts';
import { strokeModule } from './stroke/index.ts';
import { textModule } from './text/index.ts';
import { imageModule } from './image/index.ts';
import { frameModule } from './frame/index.ts';
import type { Shape, ShapeModule } from './types.ts';

/** In this order in error messages (docs/board-format.md lists them so). */
const BUILTIN = [strokeModule, rectModule, ellipseModule, lineModule, arrowModule, textModule, stickyModule, imageModule, frameModule] as const;

type ShapeOf<M> = M extends ShapeModule<infer T, infer _C> ? T : never;
/** The data of any built-in shape: a union that narrows on `type` (a module added to BUILTIN joins it). */
export type AnyShape = ShapeOf<(typeof BUILTIN)[number]>;

const byType = new Map<string, ShapeModule>();
/** modules that may claim a map without a `type` key (owns) */
let owners: ShapeModule[] = [];

/** Adds a shape type (the built-in ones are registered below; tests add their own). */
export function registerShape(module: ShapeModule): void {
  if (byType.has(module.type)) throw new Error(`shape type "${module.type}" is registered already`);
  byType.set(module.type, module);
  if (module.owns) owners = [...owners, module];
}

for (const m of BUILTIN) registerShape(m);

/** The registered types, in registration order. */
export function shapeTypes(): string[] {
  return [...byType.keys()];
}

/** The module of a type, or undefined when this client does not know it. */
export function shapeModule(type: unknown): ShapeModule | undefined {
  return typeof type === 'string' ? byType.get(type) : undefined;
}

/** The module of a shape read by this client (readers only return shapes of registered types). */
export function moduleFor(s: Shape): ShapeModule {
  const m = byType.get(s.type);
  if (!m) throw new Error(`unknown shape type "${s.type}"`);
  return m;
}

/** The module of a shape's map: its `type` key, else the module that owns the map (a stroke's header). */
export function moduleOfMap(map: Y.Map<unknown>): ShapeModule | undefined {
  const type = map.get(F.type);
  if (type !== undefined) return shapeModule(type);
  for (const m of owners) if (m.owns?.(map)) return m;
  return undefined;
}
