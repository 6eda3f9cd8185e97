/**
 * Light and dark theme. Follows the system setting until the user picks one with the
 * toggle; the pick is remembered. The board canvas is inverted in dark mode (as
 * Excalidraw does), so shapes keep their stored colours and exports stay light.
 */
const KEY = 'whiteboard.theme';
export type Theme = 'light' | 'dark';

const media = () => (typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null);

function stored(): Theme | null {
  try {
    const v = localStorage.getItem(KEY);
    return v === 'light' || v === 'dark' ? v : null;
  } catch {
    return null;
  }
}

export function currentTheme(): Theme {
  return stored() ?? (media()?.matches ? 'dark' : 'light');
}

export function applyTheme(): void {
  const t = currentTheme();
  document.documentElement.dataset.theme = t;
  document.querySelector('meta[name="theme-color"]')?.setAttribute('content', t === 'dark' ? '#121212' : '#ffffff');
}

export function toggleTheme(): Theme {
  const next: Theme = currentTheme() === 'dark' ? 'light' : 'dark';
  try {
    localStorage.setItem(KEY, next);
  } catch {
    /* private mode: lasts for this page */
  }
  document.documentElement.dataset.theme = next;
  return next;
}

/** Applies the theme now and whenever the system setting changes (if not overridden). */
export function installTheme(): void {
  applyTheme();
  media()?.addEventListener('change', applyTheme);
}
