/**
 * Parts (`#`) and the layout of many speakers, from manuscript to the rendered book and the EPUB
 * navigation: questions nest under parts, numbers run on, a book without parts is set as before.
 */
import { readFileSync } from 'node:fs';
import JSZip from 'jszip';
import { EpubCheck } from '@likecoin/epubcheck-ts';
import { toHtml } from 'hast-util-to-html';
import { visit } from 'unist-util-visit';
import type { Element } from 'hast';
import { describe, expect, it } from 'vitest';
import { bookSections, isTurn, parseManuscript } from '../../../src/manuscript/parse.js';
import { HANG_MAX, labelWidth, renderBook } from '../../../src/render/parts.js';
import { buildEpub } from '../../../src/writers/epub/epub-book.js';
import { importTranscript } from '../../../src/import/index.js';

/** Elements of `tree` (itself included) with every class in `classes` and, if given, the tag name. */
function find(tree: Element, classes: string[], tag?: string): Element[] {
  const found: Element[] = [];
  visit(tree, 'element', (node: Element) => {
    const names = (node.properties.className as string[] | undefined) ?? [];
    if ((!tag || node.tagName === tag) && classes.every((c) => names.includes(c))) found.push(node);
  });
  return found;
}

const FRONT = `---
title: 会見
speakers:
  - id: moderator
    label: 司会
    role: moderator
  - id: interviewer
    label: 川村記者
    outlet: 東都新聞
    role: interviewer
  - id: interviewee
    label: 森川
    role: interviewee
editions:
  - edition: 初版第1刷
    date: 2026-01-01
---
`;

const PRESS = `${FRONT}
リード。

# 冒頭発言

**森川**：おはようございます。

続けます。

# 質疑応答

**司会**：質問をどうぞ。

## 北欧訪問

**川村記者**：伺います。

**森川**：お答えします。

**森川**：補足します。

**司会**：次の方。

## 中東情勢

**川村記者**：もう一点。

**森川**：以上です。

# 閉会

**司会**：終わります。
`;

describe('a manuscript with parts', () => {
  const book = parseManuscript(PRESS, 'press.md');

  it('reads parts with their own turns and their questions, numbered on through the book', () => {
    expect(book.file.messages.filter((m) => m.fatal).map(String)).toEqual([]);
    expect(book.parts.map((p) => [p.id, p.title, p.blocks.filter(isTurn).length, p.questions.map((q) => q.id)])).toEqual([
      ['part1', '冒頭発言', 1, []],
      ['part2', '質疑応答', 1, ['q1', 'q2']],
      ['part3', '閉会', 1, []],
    ]);
    expect(book.questions.map((q) => [q.index, q.part?.id])).toEqual([
      [1, 'part2'],
      [2, 'part2'],
    ]);
    expect(book.lead).toHaveLength(1);
    expect(bookSections(book).map((s) => (s.kind === 'part' ? s.part.id : s.question.id))).toEqual(['part1', 'part2', 'q1', 'q2', 'part3']);
    // A moderator's turn is a turn of its own inside the question, never a question.
    expect(book.questions[0]!.blocks.filter(isTurn).map((t) => t.speaker.role)).toEqual(['interviewer', 'interviewee', 'interviewee', 'moderator']);
  });

  it('rejects a part heading without a title and deeper headings', () => {
    const bad = parseManuscript(`${FRONT}\n#\n\n### 小見出し\n`, 'bad.md');
    expect(bad.file.messages.filter((m) => m.fatal).map((m) => m.ruleId)).toEqual(['empty-heading', 'heading-depth']);
  });

  it('nests the 目次 entries of questions under their part', () => {
    const parts = renderBook(book);
    const toc = parts.toc;
    expect(find(toc, ['toc-part'], 'li').map((li) => toHtml(find(li, ['toc-part-title'])[0]!))).toEqual([
      '<span class="toc-part-title wrap-phrase">冒頭発言</span>',
      '<span class="toc-part-title wrap-phrase">質疑応答</span>',
      '<span class="toc-part-title wrap-phrase">閉会</span>',
    ]);
    const nested = find(toc, ['toc-part-list'], 'ol').flatMap((ol) => find(ol, [], 'a'));
    expect(nested.map((a) => a.properties.href)).toEqual(['#q1', '#q2']);
    expect(parts.body.map((section) => section.properties.id)).toEqual(['part1', 'part2', 'q1', 'q2', 'part3']);
    expect(toHtml(parts.partHeads[0]!)).toContain('<h1 class="part-title wrap-phrase" id="part1-title"><span class="part-text">冒頭発言</span></h1>');
  });

  it('hangs turns at the widest printed label and shows a run of one speaker’s turns labelled once', () => {
    const parts = renderBook(book);
    const turns = parts.body.flatMap((section) => find(section, ['turn'], 'div'));
    // 川村記者 is the widest label (4) and a space: 5 characters.
    expect(new Set(turns.map((t) => (t.properties.className as string[]).find((c) => c.startsWith('hang-'))))).toEqual(new Set(['hang-5']));
    const continued = turns.filter((t) => (t.properties.className as string[]).includes('turn-continued'));
    expect(continued).toHaveLength(1);
    expect(find(continued[0]!, ['speaker'])).toEqual([]);
    expect(toHtml(continued[0]!)).toContain('補足します。');
  });

  it('makes an EPUB whose nav and NCX nest questions under parts, and which validates', async () => {
    const epub = await buildEpub(book, renderBook(book));
    const zip = await JSZip.loadAsync(epub);
    const nav = await zip.file('item/navigation-documents.xhtml')!.async('string');
    expect(nav).toContain(
      '<li><a href="xhtml/p-part2.xhtml">質疑応答</a>\n<ol>\n<li><a href="xhtml/p-001.xhtml"><span class="toc-number">Q1</span>　北欧訪問</a></li>\n<li><a href="xhtml/p-002.xhtml"><span class="toc-number">Q2</span>　中東情勢</a></li>\n</ol>\n</li>',
    );
    const ncx = await zip.file('item/toc.ncx')!.async('string');
    expect(ncx).toContain('<meta name="dtb:depth" content="2"/>');
    expect(ncx).toMatch(/<navPoint id="navpoint-p-part2" playOrder="\d+">\n<navLabel><text>質疑応答<\/text><\/navLabel>\n<content src="xhtml\/p-part2.xhtml"\/>\n<navPoint id="navpoint-p-001" playOrder="\d+">/u);
    const playOrders = [...ncx.matchAll(/playOrder="(\d+)"/gu)].map((m) => Number(m[1]));
    expect(playOrders).toEqual(playOrders.map((_, i) => i + 1));
    const css = await zip.file('item/style/book-style.css')!.async('string');
    expect(css).toContain('.part-title');
    expect(css).toContain('.turn.hang-5');
    const result = await EpubCheck.validate(epub);
    expect(result.messages.filter((m) => m.severity === 'error' || m.severity === 'fatal' || m.severity === 'warning')).toEqual([]);
  });
});

describe('a book without parts', () => {
  const seed = parseManuscript(readFileSync(new URL('../../../manuscript/000_723cf04ae7573580.md', import.meta.url), 'utf8'), 'seed.md');

  it('is set as before: flat 目次, run-in turns, no part styles in the EPUB', async () => {
    const parts = renderBook(seed);
    expect(seed.parts).toEqual([]);
    expect(parts.body).toEqual(parts.questions);
    expect(find(parts.toc, ['toc-part'])).toEqual([]);
    for (const section of parts.body) for (const turn of find(section, ['turn'], 'div')) expect(turn.properties.className).toEqual(['turn']);
    const zip = await JSZip.loadAsync(await buildEpub(seed, parts));
    expect(await zip.file('item/toc.ncx')!.async('string')).toContain('<meta name="dtb:depth" content="1"/>');
    const css = await zip.file('item/style/book-style.css')!.async('string');
    expect(css).not.toContain('.part-title');
    expect(css).not.toContain('hang-');
  });

  it('hangs its turns when the front matter asks for it', () => {
    const hanging = parseManuscript(String(seed.file.value).replace('\nspeakers:', '\nturn_layout: hanging\nspeakers:'), 'seed.md');
    const turn = find(renderBook(hanging).questions[0]!, ['turn'], 'div')[0]!;
    // ラブロフ (4) and a space.
    expect(turn.properties.className).toEqual(['turn', 'hang-5']);
  });
});

describe('labels wider than the hanging indent', () => {
  it('count half-width characters as halves and go on a line of their own past the maximum', () => {
    expect(labelWidth('Q')).toBe(1);
    expect(labelWidth('川村記者')).toBe(4);
    expect(labelWidth('NHK記者')).toBe(4);
    const long = 'エストニア公共放送のタム記者';
    expect(labelWidth(long)).toBeGreaterThan(HANG_MAX);
    const book = parseManuscript(PRESS.replaceAll('川村記者', long), 'long.md');
    const turns = renderBook(book).body.flatMap((section) => find(section, ['turn'], 'div'));
    const classes = (name: string) => turns.filter((t) => t.properties.dataSpeaker === name).map((t) => t.properties.className);
    expect(classes('interviewer')).toEqual([
      ['turn', `hang-${HANG_MAX + 1}`, 'label-line'],
      ['turn', `hang-${HANG_MAX + 1}`, 'label-line'],
    ]);
    expect(new Set(classes('interviewee').map((c) => (c as string[]).slice(0, 2).join(' ')))).toEqual(new Set([`turn hang-${HANG_MAX + 1}`]));
  });
});

describe('an imported press conference', () => {
  it('becomes a book whose parts, questions and speakers match the import', () => {
    const input = readFileSync(new URL('../../fixtures/import-styles/bracket-press.txt', import.meta.url));
    const result = importTranscript(input, { path: 'press.txt', today: '2026-01-01' });
    const book = parseManuscript(result.markdown, 'press.md');
    const parts = renderBook(book);
    expect(parts.partHeads).toHaveLength(result.stats.parts!);
    expect(parts.questions).toHaveLength(result.stats.questions);
    expect(find(parts.toc, ['toc-entry'], 'li').filter((li) => !(li.properties.className as string[]).includes('toc-part'))).toHaveLength(result.stats.questions);
  });
});
