import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Flags that work on this kind of machine (no GPU, no sandbox as root, closed network). */
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

/**
 * Debian's Chromium when installed, else the one @sparticuz/chromium ships inside the
 * npm package (unpacked to /tmp on first use), so `npm test` needs no apt step.
 */
async function chromiumPath(): Promise<string> {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  const { default: sparticuz } = await import('@sparticuz/chromium');
  return sparticuz.executablePath();
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: await chromiumPath(), args: ARGS });
}
