/**
 * A tiny element builder: plain DOM without a framework.
 *
 * - `html` sets innerHTML and is for the app's own constant markup only (icons.ts);
 *   anything from the document or awareness goes in as a child string (a text node) or
 *   an attribute, which the DOM never parses as markup.
 * - `--name` keys set CSS custom properties through the CSSOM: the relay's CSP forbids
 *   style attributes, and setProperty cannot add a second declaration.
 */
type Attrs = Record<string, string | number | boolean | null | undefined | ((e: Event) => void)>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: (Node | string | null | undefined | false)[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (typeof v === 'function') el.addEventListener(k.replace(/^on/, ''), v);
    else if (k === 'html') el.innerHTML = String(v);
    else if (k.startsWith('--')) el.style.setProperty(k, String(v));
    else if (k === 'class') el.className = String(v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

/** Whether a key event is aimed at a text field (then shortcuts stay out of the way). */
export const isTyping = (t: EventTarget | null) =>
  t instanceof HTMLElement && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));

/**
 * Mouse clicks on the buttons inside `el` do not take the keyboard focus, so shortcuts
 * (Space to pan, Delete, arrows) keep going to the board after a click on the toolbar.
 * Keyboard users still reach the buttons with Tab.
 */
export function keepBoardFocus(el: HTMLElement): void {
  el.addEventListener('mousedown', (e) => {
    if ((e.target as HTMLElement).closest('button')) e.preventDefault();
  });
}
