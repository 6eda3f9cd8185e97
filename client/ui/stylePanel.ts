/**
 * The style panel (left, as in Excalidraw): stroke colour, fill, sticky colour, stroke
 * width, solid/dashed, font size, opacity, and for a selection its layer order and
 * actions. It shows only what applies to the current tool or the selected shapes.
 * Choices become the style of new shapes (remembered in localStorage); with a
 * selection they also restyle it, as one undo step.
 */
import type { FillStyle } from '../../shared/schema.ts';
import type { ReorderOp } from '../board/order.ts';
import type { StylePatch } from '../board/style.ts';
import { moduleFor, shapeModule } from '../shapes/registry.ts';
import type { Shape, StyleKey } from '../shapes/types.ts';
import { TOOL_SHAPES, type ToolId, type ToolStyle } from '../tools/tool.ts';
import { h, keepBoardFocus } from './dom.ts';
import { icons } from './icons.ts';

export const SWATCHES = ['#1e1e1e', '#e03131', '#2f9e44', '#1971c2', '#f08c00'];
export const STICKY_COLORS = ['#ffec99', '#fcc2d7', '#a5d8ff', '#b2f2bb', '#ffd8a8', '#d0bfff'];
export const WIDTHS = [
  { width: 2, label: 'Thin', dot: 4 },
  { width: 4, label: 'Medium', dot: 7 },
  { width: 8, label: 'Bold', dot: 10 },
  { width: 16, label: 'Marker', dot: 15 },
];
export const FONT_SIZES = [
  { size: 16, label: 'S' },
  { size: 20, label: 'M' },
  { size: 28, label: 'L' },
  { size: 40, label: 'XL' },
];
const STYLE_KEY = 'whiteboard.style';

export const DEFAULT_STYLE: ToolStyle = { color: SWATCHES[0], width: 4, opacity: 1, dash: false, fill: 'none', fontSize: 20, bg: STICKY_COLORS[0], elbow: false };

function loadStyle(): ToolStyle {
  try {
    const s = JSON.parse(localStorage.getItem(STYLE_KEY) ?? 'null') as Partial<Record<keyof ToolStyle, unknown>> | null;
    const hex = (v: unknown, d: string) => (typeof v === 'string' && /^#[0-9a-f]{6}$/i.test(v) ? v : d);
    return {
      color: hex(s?.color, DEFAULT_STYLE.color),
      width: WIDTHS.some((w) => w.width === s?.width) ? (s!.width as number) : DEFAULT_STYLE.width,
      opacity: typeof s?.opacity === 'number' && s.opacity >= 0.1 && s.opacity <= 1 ? s.opacity : 1,
      dash: s?.dash === true,
      fill: s?.fill === 'semi' || s?.fill === 'solid' ? s.fill : 'none',
      fontSize: FONT_SIZES.some((f) => f.size === s?.fontSize) ? (s!.fontSize as number) : DEFAULT_STYLE.fontSize,
      bg: hex(s?.bg, DEFAULT_STYLE.bg),
      elbow: s?.elbow === true,
    };
  } catch {
    return { ...DEFAULT_STYLE };
  }
}

/** The panel's section of each style (the shape modules say which styles apply to them). */
const SECTION: Record<StyleKey, string> = { color: 'color', fill: 'fill', width: 'width', dash: 'dash', fontSize: 'font', opacity: 'opacity', bg: 'bg', elbow: 'elbow' };

export interface StylePanelHandlers {
  /** restyle the selection (the panel calls it only when something is selected) */
  restyle(patch: StylePatch): void;
  reorder(op: ReorderOp): void;
  duplicate(): void;
  remove(): void;
  /** lock the selection (board/lock.ts) */
  lock?(): void;
  group?(): void;
  ungroup?(): void;
  /** whether the selection can be grouped and ungrouped now */
  grouping?(): { group: boolean; ungroup: boolean };
  /** crop the selected image (images/cropMode.ts) */
  crop?(): void;
  /** show the whole file of the selected images again */
  resetCrop?(): void;
  /** whether the selection can be cropped (one image) and reset (a cropped image) */
  cropping?(): { crop: boolean; reset: boolean };
}

/** The panel's own icons (constant markup). */
const svg = (body: string) =>
  `<svg viewBox="0 0 24 24" width="20" height="20" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">${body}</svg>`;
const LOCK_ICON = svg('<rect x="5" y="11" width="14" height="10" rx="2"/><path d="M8 11V7a4 4 0 0 1 8 0v4"/>');
const GROUP_ICON = svg('<rect x="3" y="3" width="18" height="18" rx="2" stroke-dasharray="3 3"/><rect x="7" y="7" width="6" height="5" rx="1"/><rect x="11" y="12" width="6" height="5" rx="1"/>');
const STRAIGHT_ICON = svg('<path d="M5 19 19 5M11 5h8v8"/>');
const ELBOW_ICON = svg('<path d="M4 18h8V6h8M16 2l4 4-4 4"/>');
const CROP_ICON = svg('<path d="M6 2v14a2 2 0 0 0 2 2h14"/><path d="M18 22V8a2 2 0 0 0-2-2H2"/>');
const RESET_CROP_ICON = svg('<path d="M6 2v14a2 2 0 0 0 2 2h14"/><path d="M18 22V8a2 2 0 0 0-2-2H2"/><path d="M4 20 20 4"/>');
const UNGROUP_ICON = svg('<rect x="3" y="4" width="8" height="7" rx="1"/><rect x="13" y="13" width="8" height="7" rx="1"/>');

export function createStylePanel(on: StylePanelHandlers) {
  const style = loadStyle();
  let selected: Shape[] = [];
  let tool: ToolId = 'pen';
  const save = () => {
    try {
      localStorage.setItem(STYLE_KEY, JSON.stringify(style));
    } catch {
      /* private mode */
    }
  };

  const section = (name: string, title: string, ...body: HTMLElement[]) =>
    h('div', { class: 'sp-section', 'data-section': name }, h('div', { class: 'sp-title' }, title), h('div', { class: 'sp-row' }, ...body));

  const change = (patch: StylePatch & Partial<ToolStyle>) => {
    Object.assign(style, patch);
    save();
    if (selected.length) on.restyle(patch);
    paint();
  };

  const swatches = SWATCHES.map((c) =>
    h('button', { class: 'tb-swatch', 'data-color': c, title: c, 'aria-label': `Colour ${c}`, '--swatch': c, onclick: () => change({ color: c }) }),
  );
  const custom = h('input', { type: 'color', class: 'tb-custom', title: 'Custom colour', 'aria-label': 'Custom colour', value: style.color });
  const customWrap = h('label', { class: 'tb-swatch tb-custom-wrap', title: 'Custom colour' }, custom);
  custom.addEventListener('input', () => change({ color: custom.value }));

  const fills = (['none', 'semi', 'solid'] as FillStyle[]).map((f) =>
    h('button', { class: `sp-btn sp-fill sp-fill-${f}`, 'data-fill': f, title: { none: 'No fill', semi: 'Semi-transparent fill', solid: 'Solid fill' }[f], onclick: () => change({ fill: f }) }, h('span', { class: 'sp-fill-icon' })),
  );
  const bgs = STICKY_COLORS.map((c) =>
    h('button', { class: 'tb-swatch', 'data-bg': c, title: c, 'aria-label': `Note colour ${c}`, '--swatch': c, onclick: () => change({ bg: c }) }),
  );
  const widths = WIDTHS.map((w) =>
    h('button', { class: 'sp-btn tb-width', 'data-width': w.width, title: w.label, 'aria-label': `${w.label} stroke`, onclick: () => change({ width: w.width }) }, h('span', { class: 'tb-width-dot', '--w': `${w.dot}px` })),
  );
  const dashes = [false, true].map((d) =>
    h('button', { class: 'sp-btn', 'data-dash': String(d), title: d ? 'Dashed' : 'Solid', onclick: () => change({ dash: d }) }, h('span', { class: d ? 'sp-dash dashed' : 'sp-dash' })),
  );
  // straight or elbow (right-angled) arrows
  const elbows = [false, true].map((e) =>
    h('button', { class: 'sp-btn', 'data-elbow': String(e), title: e ? 'Elbow arrow' : 'Straight arrow', 'aria-label': e ? 'Elbow arrow' : 'Straight arrow', html: e ? ELBOW_ICON : STRAIGHT_ICON, onclick: () => change({ elbow: e }) }),
  );
  const fonts = FONT_SIZES.map((f) =>
    h('button', { class: 'sp-btn sp-font', 'data-font-size': f.size, title: `Font size ${f.size}`, onclick: () => change({ fontSize: f.size }) }, f.label),
  );
  const opacity = h('input', { type: 'range', min: 10, max: 100, step: 10, class: 'sp-range', 'data-opacity': '', 'aria-label': 'Opacity' });
  opacity.addEventListener('input', () => change({ opacity: Number(opacity.value) / 100 }));
  // give the keyboard back to the board (Delete, arrows) once the slider is released
  opacity.addEventListener('change', () => opacity.blur());

  const act = (name: string, title: string, icon: string, fn: () => void) =>
    h('button', { class: 'sp-btn', 'data-action': name, title, 'aria-label': title, html: icon, onclick: fn });
  const layers = section(
    'layers',
    'Layers',
    act('to-back', 'Send to back — Ctrl+Shift+[', icons.toBack, () => on.reorder('back')),
    act('backward', 'Send backward — Ctrl+[', icons.backward, () => on.reorder('backward')),
    act('forward', 'Bring forward — Ctrl+]', icons.forward, () => on.reorder('forward')),
    act('to-front', 'Bring to front — Ctrl+Shift+]', icons.toFront, () => on.reorder('front')),
  );
  const actions = section(
    'actions',
    'Actions',
    act('duplicate', 'Duplicate — Ctrl+D', icons.duplicate, () => on.duplicate()),
    act('delete', 'Delete — Delete', icons.trash, () => on.remove()),
  );
  const lockBtn = on.lock && act('lock', 'Lock — Ctrl+Shift+L', LOCK_ICON, () => on.lock!());
  const groupBtn = on.group && act('group', 'Group — Ctrl+G', GROUP_ICON, () => on.group!());
  const ungroupBtn = on.ungroup && act('ungroup', 'Ungroup — Ctrl+Shift+G', UNGROUP_ICON, () => on.ungroup!());
  const cropBtn = on.crop && act('crop', 'Crop — Enter or double-click', CROP_ICON, () => on.crop!());
  const resetCropBtn = on.resetCrop && act('reset-crop', 'Reset crop', RESET_CROP_ICON, () => on.resetCrop!());
  actions.lastElementChild!.append(...[lockBtn, groupBtn, ungroupBtn, cropBtn, resetCropBtn].filter((b) => !!b));

  const sections = [
    section('bg', 'Note', ...bgs),
    section('color', 'Stroke', ...swatches, customWrap),
    section('fill', 'Fill', ...fills),
    section('width', 'Stroke width', ...widths),
    section('dash', 'Stroke style', ...dashes),
    section('elbow', 'Arrow', ...elbows),
    section('font', 'Font size', ...fonts),
    section('opacity', 'Opacity', opacity),
    layers,
    actions,
  ];
  const el = h('div', { id: 'style-panel', class: 'card style-panel', 'aria-label': 'Style' }, ...sections);
  keepBoardFocus(el);

  /** The style shown: the first selected shape's, else the tool's. */
  function shown(): ToolStyle {
    const s = selected[0];
    if (!s) return style;
    return { color: s.color, width: s.width, opacity: s.opacity, dash: s.dash, fill: s.fill, fontSize: s.fontSize, bg: style.bg, elbow: style.elbow, ...moduleFor(s).ownStyle?.(s) };
  }

  function paint() {
    const types = new Set<string>();
    if (selected.length) for (const s of selected) types.add(s.type);
    else if (TOOL_SHAPES[tool]) types.add(TOOL_SHAPES[tool]!);
    const visible = new Set<string>();
    for (const t of types) for (const key of shapeModule(t)?.styles ?? []) visible.add(SECTION[key]);
    if (selected.length) visible.add('layers').add('actions');
    const can = selected.length ? on.grouping?.() : undefined;
    if (groupBtn) groupBtn.hidden = !can?.group;
    if (ungroupBtn) ungroupBtn.hidden = !can?.ungroup;
    const crops = selected.length ? on.cropping?.() : undefined;
    if (cropBtn) cropBtn.hidden = !crops?.crop;
    if (resetCropBtn) resetCropBtn.hidden = !crops?.reset;
    for (const sec of sections) sec.hidden = !visible.has(sec.dataset.section!);
    el.hidden = visible.size === 0;

    const cur = shown();
    for (const b of swatches) b.classList.toggle('active', b.dataset.color === cur.color);
    const isCustom = !SWATCHES.includes(cur.color);
    customWrap.classList.toggle('active', isCustom);
    customWrap.style.setProperty('--swatch', isCustom ? cur.color : 'conic-gradient(red, yellow, lime, cyan, blue, magenta, red)');
    if (isCustom && /^#[0-9a-f]{6}$/i.test(cur.color)) custom.value = cur.color;
    for (const b of fills) b.classList.toggle('active', b.dataset.fill === cur.fill);
    for (const b of bgs) b.classList.toggle('active', b.dataset.bg === cur.bg);
    for (const b of widths) b.classList.toggle('active', Number(b.dataset.width) === cur.width);
    for (const b of dashes) b.classList.toggle('active', b.dataset.dash === String(cur.dash));
    for (const b of elbows) b.classList.toggle('active', b.dataset.elbow === String(cur.elbow));
    for (const b of fonts) b.classList.toggle('active', Number(b.dataset.fontSize) === cur.fontSize);
    opacity.value = String(Math.round(cur.opacity * 100));
    el.style.setProperty('--pen', cur.color);
  }
  paint();

  return {
    el,
    style: (): ToolStyle => ({ ...style }),
    setTool(id: ToolId) {
      tool = id;
      paint();
    },
    setSelection(shapes: Shape[]) {
      selected = shapes;
      paint();
    },
  };
}
