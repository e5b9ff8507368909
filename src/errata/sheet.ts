/** The errata sheet (正誤表) as Markdown for editors and as hast for a vertical PDF (one page when it fits). */
import { h } from 'hastscript';
import type { Element } from 'hast';
import { joinLines } from '../core/scan.js';
import type { FrontMatter } from '../config/schema.js';
import type { Correction } from './compare.js';
import { lineLabel } from './layout.js';

/** Labels shared by both forms of the sheet. */
export interface ErrataHeading {
  meta: FrontMatter;
  /** The edition compared against (e.g. 初版第1刷, or a git revision). */
  since: string;
}

function placeLabel(correction: Correction): string {
  const where = correction.question ? `Q${correction.question.index}　${correction.question.title}` : 'リード';
  return correction.speaker ? `${where}（${correction.speaker}）` : where;
}

/** The last edition listed, as the sheet heads it: `初版第2刷（2026-12-01）`. */
function lastEditionLabel(meta: FrontMatter): string {
  const newest = meta.editions[meta.editions.length - 1];
  return newest ? `${newest.edition}（${newest.date}）` : '';
}

/** The printed line of a correction in the old printing (12行, 上段3行), or a dash when unknown. */
function printedLine(correction: Correction): string {
  return correction.printed ? lineLabel(correction.printed) : '—';
}

/** Escapes text for a Markdown table cell: pipes and line breaks would end the cell. */
function cell(text: string): string {
  return joinLines(text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|')) || '（なし）';
}

/** The sheet as Markdown: one table row per correction. */
export function errataMarkdown(corrections: Correction[], heading: ErrataHeading): string {
  const lines = [
    `# 正誤表　${heading.meta.title}`,
    '',
    `${heading.since} → ${lastEditionLabel(heading.meta)}：${corrections.length}件の訂正`,
    '',
    '| 箇所 | 頁 | 行 | 誤 | 正 | 原稿 |',
    '| --- | --- | --- | --- | --- | --- |',
    ...corrections.map(
      (c) => `| ${cell(placeLabel(c))} | ${c.page ?? '—'} | ${printedLine(c)} | ${cell(c.before)} | ${cell(c.after)} | ${c.line === undefined ? '—' : `${c.line}行`} |`,
    ),
    '',
    '頁と行は旧版の印刷での位置（行は縦組の右から数える）。電子書籍版では「箇所」の問いの中でお探しください。原稿は原稿ファイルの行番号。',
    '',
  ];
  return lines.join('\n');
}

/** The sheet as hast for the print stylesheet (a vertical table on one page). */
export function errataHast(corrections: Correction[], heading: ErrataHeading): Element {
  return h('section.errata#errata', [
    h('h1.errata-title.wrap-phrase', `正誤表　${heading.meta.title}`),
    h('p.errata-editions', `${heading.since} → ${lastEditionLabel(heading.meta)}`),
    h('table.errata-table', [
      h('thead', h('tr', [h('th', '箇所'), h('th', '頁'), h('th', '行'), h('th', '誤'), h('th', '正')])),
      h(
        'tbody',
        corrections.map((c) =>
          h('tr', [
            h('td.errata-place.wrap-phrase', placeLabel(c)),
            h('td.errata-page', c.page === undefined ? '—' : `${c.page}`),
            h('td.errata-line', printedLine(c)),
            h('td.errata-before', c.before || '（なし）'),
            h('td.errata-after', c.after || '（削除）'),
          ]),
        ),
      ),
    ]),
  ]);
}
