/**
 * What the build needs from the machine (a Chromium, the BIZ UD fonts), found or refused with
 * one line that names the fix — never a stack trace, never a silent download.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { KumihanError } from './errors.js';

const SETUP_HINT = 'run `npm run setup` (as root) or `apt-get install -y';

export { findBrowser } from './browser.js';

/** The font files the print and e-book editions are set in (Debian packages in brackets). */
export const FONTS = {
  mincho: { file: '/usr/share/fonts/truetype/bizud-mincho/BIZUDMincho-Regular.ttf', pkg: 'fonts-morisawa-bizud-mincho' },
  gothic: { file: '/usr/share/fonts/truetype/bizud-gothic/BIZUDGothic-Regular.ttf', pkg: 'fonts-morisawa-bizud-gothic' },
  gothicBold: { file: '/usr/share/fonts/truetype/bizud-gothic/BIZUDGothic-Bold.ttf', pkg: 'fonts-morisawa-bizud-gothic' },
} as const;

/** Refuses to go on when a font the editions are set in is missing. */
export function requireFonts(names: Array<keyof typeof FONTS> = ['mincho', 'gothic', 'gothicBold']): void {
  for (const name of names) {
    const font = FONTS[name];
    if (!existsSync(font.file)) throw new KumihanError(`font ${path.basename(font.file)} is missing; ${SETUP_HINT} ${font.pkg}\``);
  }
}
