/**
 * What the build needs from the machine (a Chromium, the BIZ UD fonts), found or refused with
 * one line that names the fix — never a stack trace, never a silent download.
 */
import { accessSync, constants, existsSync } from 'node:fs';
import path from 'node:path';
import { KumihanError } from './errors.js';

const SETUP_HINT = 'run `npm run setup` (as root) or `apt-get install -y';

/** Candidate browser executables, in order of preference. */
const BROWSER_CANDIDATES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

/** The font files the print and e-book editions are set in (Debian packages in brackets). */
export const FONTS = {
  mincho: { file: '/usr/share/fonts/truetype/bizud-mincho/BIZUDMincho-Regular.ttf', pkg: 'fonts-morisawa-bizud-mincho' },
  gothic: { file: '/usr/share/fonts/truetype/bizud-gothic/BIZUDGothic-Regular.ttf', pkg: 'fonts-morisawa-bizud-gothic' },
  gothicBold: { file: '/usr/share/fonts/truetype/bizud-gothic/BIZUDGothic-Bold.ttf', pkg: 'fonts-morisawa-bizud-gothic' },
  // The 隠しノンブル's digits (src/writers/pages.ts): pdf-lib's subsetter drops the BIZ UD glyphs, whose hinting it cannot carry.
  nombre: { file: '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', pkg: 'fonts-dejavu-core' },
} as const;

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Finds Chromium: `KUMIHAN_BROWSER` when set (and then only it), else the first candidate on PATH. */
export function findBrowser(env: NodeJS.ProcessEnv = process.env): string {
  const override = env.KUMIHAN_BROWSER;
  if (override) {
    if (isExecutable(override)) return override;
    throw new KumihanError(`KUMIHAN_BROWSER=${override} is not an executable file; point it at Chromium or unset it`);
  }
  const dirs = (env.PATH ?? '/usr/bin:/bin').split(path.delimiter).filter(Boolean);
  for (const name of BROWSER_CANDIDATES) {
    for (const dir of dirs) {
      const candidate = path.join(dir, name);
      if (isExecutable(candidate)) return candidate;
    }
  }
  throw new KumihanError(`no Chromium found (looked for ${BROWSER_CANDIDATES.join(', ')}); ${SETUP_HINT} chromium\`, or set KUMIHAN_BROWSER=/path/to/chromium`);
}

/** Refuses to go on when a font the editions are set in is missing. */
export function requireFonts(names: Array<keyof typeof FONTS> = ['mincho', 'gothic', 'gothicBold', 'nombre']): void {
  for (const name of names) {
    const font = FONTS[name];
    if (!existsSync(font.file)) throw new KumihanError(`font ${path.basename(font.file)} is missing; ${SETUP_HINT} ${font.pkg}\``);
  }
}
