/**
 * The typography pass: every rule as a rehype plugin, in the one order that works.
 *
 * 1. ruby — first, so `{漢字|かんじ}` becomes `<ruby>` before anything reads the braces and bars,
 *    and every later rule sees the base as one read-only unit and never touches a reading.
 * 2. punctuation — widths and spellings (`?`→`？`, `--`→`――`, `...`→`……`) and the space after
 *    `？！`. Runs before 縦中横 so that `!?` has become `！？` (one spelling to match) and the
 *    space goes after the pair while it is still plain text.
 * 3. tcy — numbers and `！？` pairs. Before upright-latin, so digits that touch Latin letters
 *    (`G7`, `COVID-19`) are recognised as part of a Latin word while the letters are still plain.
 * 4. upright-latin — acronyms, single capitals, initials.
 * 5. budoux — last: its break filter needs the final characters (`――`, `……`, `？`) and the
 *    final 縦中横/upright/ruby spans, which it must not break inside.
 *
 * Every plugin is idempotent, so a tree typeset twice equals one typeset once.
 */
import type { Root } from 'hast';
import type { VFile } from 'vfile';
import { unified, type Preset } from 'unified';
import { interruptible } from '../core/interrupt.js';
import rehypeBudoux from './rehype-budoux.js';
import rehypePunctuation from './rehype-punctuation.js';
import rehypeRuby from './rehype-ruby.js';
import rehypeTcy from './rehype-tcy.js';
import rehypeUprightLatin from './rehype-upright-latin.js';

export { rehypeBudoux, rehypePunctuation, rehypeRuby, rehypeTcy, rehypeUprightLatin };
export { foldForComparison } from './typography-fold.js';

/** Options of the typography pass. */
export interface TypographyOptions {
  /** Phrase breaks (BudouX `<wbr>`) in justified body paragraphs too, not only `.wrap-phrase`. */
  budouxBody?: boolean;
}

/** The plugins of the pass, in the order they run. */
export const typographyPlugins = [rehypeRuby, rehypePunctuation, rehypeTcy, rehypeUprightLatin, rehypeBudoux] as const;

/** The pass as a unified preset: `unified().use(typographyPreset(options))`. */
export function typographyPreset(options: TypographyOptions = {}): Preset {
  return {
    plugins: [
      rehypeRuby,
      rehypePunctuation,
      rehypeTcy,
      rehypeUprightLatin,
      [rehypeBudoux, { body: options.budouxBody ?? false }],
    ],
  };
}

/** The pass with default options, as a preset: `unified().use(rehypeTypography)`. */
export const rehypeTypography: Preset = typographyPreset();

/** Typesets a tree in place (all rules, once); problems are reported as messages on `file`. */
export function applyTypography(tree: Root, file: VFile, options: TypographyOptions = {}): void {
  interruptible(() => unified().use(typographyPreset(options)).runSync(tree, file));
}
