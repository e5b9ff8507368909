/** The errata sheet (正誤表) as a one-page vertical PDF, typeset like the book. */
import path from 'node:path';
import { h } from 'hastscript';
import { VFile } from 'vfile';
import type { Root } from 'hast';
import { applyTypography } from '../../transform/preset.js';
import { serialize } from '../../render/serialize.js';
import { findBrowser } from '../../core/browser.js';
import { requireFonts, stageStyles } from '../../core/assets.js';
import { makeDirectory, writeFileAtomic } from '../../core/fs.js';
import { workDir } from '../../core/paths.js';
import type { Correction } from '../../errata/compare.js';
import { errataHast, type ErrataHeading } from '../../errata/sheet.js';
import { buildPdf } from './pdf.js';

const STYLESHEETS = ['typography.css', 'errata.css'];

/** Typesets the errata sheet into `target` (atomically, like every output). */
export async function buildErrataPdf(
  corrections: Correction[],
  heading: ErrataHeading,
  where: { manuscript: string; outDir: string; target: string },
): Promise<void> {
  const browser = findBrowser();
  requireFonts();
  const sheet = errataHast(corrections, heading);
  applyTypography({ type: 'root', children: [sheet] }, new VFile());
  const title = `正誤表　${heading.meta.title}`;
  const document: Root = {
    type: 'root',
    children: [
      { type: 'doctype' },
      h('html', { lang: heading.meta.lang || 'ja' }, [
        h('head', [h('meta', { charset: 'utf-8' }), h('title', title), ...STYLESHEETS.map((href) => h('link', { rel: 'stylesheet', href }))]),
        h('body', [sheet]),
      ]),
    ],
  };
  const dir = workDir(where.manuscript, where.outDir);
  await makeDirectory(dir);
  await stageStyles(dir, STYLESHEETS);
  const htmlPath = path.join(dir, 'errata.html');
  await writeFileAtomic(htmlPath, `${serialize(document, 'html')}\n`);
  const newest = heading.meta.editions[heading.meta.editions.length - 1];
  await buildPdf({ htmlPath, outputPath: where.target, browser, metadata: { title, language: heading.meta.lang, date: newest?.date }, pagination: false });
}
