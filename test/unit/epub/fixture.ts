/**
 * A small synthetic book for the EPUB tests: three questions, a lead, hostile text already escaped,
 * with the page names and classes the real book uses (src/writers/epub/epub-book.ts).
 */
import JSZip from 'jszip';
import { XmlDocument } from 'libxml2-wasm';
import type { FrontMatter } from '../../../src/config/schema.js';
import { shortNavLabel, stableIdentifier, type EpubChapter, type EpubInput } from '../../../src/writers/epub/writer.js';

export const NS = {
  opf: 'http://www.idpf.org/2007/opf',
  dc: 'http://purl.org/dc/elements/1.1/',
  x: 'http://www.w3.org/1999/xhtml',
  epub: 'http://www.idpf.org/2007/ops',
  ncx: 'http://www.daisy.org/z3986/2005/ncx/',
};

export function sampleMeta(overrides: Partial<FrontMatter> = {}): FrontMatter {
  return {
    title: 'モスクワでのインタビュー',
    subtitle: '外交は忘れ去られたのか',
    outlet: 'ツァルグラードTV',
    date: '2023-05-17',
    place: 'モスクワ',
    lang: 'ja',
    interviewee: 'セルゲイ・ラブロフ',
    translator: '試験 翻訳者',
    publisher: 'くみはん書房',
    speakers: [
      { id: 'interviewer', label: '質問', role: 'interviewer', aliases: ['質問'] },
      { id: 'lavrov', label: 'ラブロフ', name: 'セルゲイ・ラブロフ', role: 'interviewee', aliases: [] },
    ],
    editions: [
      { edition: '初版第1刷', date: '2026-11-26', note: '初版発行' },
      { edition: '初版第2刷', date: '2027-02-01' },
    ],
    size: 'A5',
    columns: 1,
    ...overrides,
  };
}

export const QUESTION_TITLES = ['外交は忘れ去られたのか', '<script>は文字のまま', '二十年の交渉と「対話」の行方について語る長めの題'];

function question(index: number, title: string): EpubChapter {
  const n = index + 1;
  const escaped = title.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;');
  return {
    id: `p-${String(n).padStart(3, '0')}`,
    fileName: `p-${String(n).padStart(3, '0')}.xhtml`,
    title: `Q${n}　${title}`,
    navLabel: shortNavLabel(index, title),
    bodyXhtml:
      `<section class="question" id="q${n}" data-question="${n}" aria-labelledby="q${n}-title">` +
      `<h2 class="question-title wrap-phrase" id="q${n}-title"><span class="question-number">Q${n}</span>　<span class="question-text">${escaped}</span></h2>` +
      `<div class="turn" data-speaker="interviewer" data-role="interviewer"><p><span class="speaker wrap-phrase">質問</span>　この<span class="tcy">20</span>年で&lt;script&gt;alert(1)&lt;/script&gt;は変わりましたか？</p></div>` +
      `<div class="turn" data-speaker="lavrov" data-role="interviewee"><p><span class="speaker wrap-phrase">ラブロフ</span>　私たちは<ruby>外交<rt>がいこう</rt></ruby>を忘れていない。<span class="upright">NATO</span>の話もしよう &amp; 続けよう。</p><p>同じ話者の続きの段落。</p></div>` +
      `</section>`,
  };
}

export function sampleChapters(): EpubChapter[] {
  return [
    { id: 'p-cover', fileName: 'p-cover.xhtml', title: '表紙', landmark: 'cover', bodyXhtml: '', bodyClass: 'p-cover' },
    {
      id: 'p-titlepage',
      fileName: 'p-titlepage.xhtml',
      title: '扉',
      landmark: 'titlepage',
      bodyClass: 'p-titlepage',
      bodyXhtml:
        '<section class="title-page" id="title-page"><p class="title-page-title wrap-phrase">モスクワでのインタビュー</p>' +
        '<p class="title-page-subtitle">外交は忘れ去られたのか</p><p class="title-page-author">セルゲイ・ラブロフ</p></section>',
    },
    {
      id: 'p-lead',
      fileName: 'p-lead.xhtml',
      title: 'リード',
      navLabel: 'リード',
      landmark: 'bodymatter',
      bodyXhtml: '<section class="lead" id="lead" role="doc-introduction"><p>2023年5月17日、モスクワで行われたインタビュー。</p></section>',
    },
    ...QUESTION_TITLES.map((title, index) => question(index, title)),
    {
      id: 'p-colophon',
      fileName: 'p-colophon.xhtml',
      title: '奥付',
      navLabel: '奥付',
      landmark: 'colophon',
      bodyClass: 'p-colophon',
      bodyXhtml:
        '<section class="colophon" id="colophon" role="doc-colophon" epub:type="colophon" aria-labelledby="colophon-title"><h2 class="colophon-title" id="colophon-title">モスクワでのインタビュー</h2>' +
        '<dl class="colophon-list"><dt>話し手</dt><dd>セルゲイ・ラブロフ</dd><dt>発行</dt><dd>くみはん書房</dd></dl>' +
        '<h3 class="editions-title">版歴</h3><ol class="editions"><li class="edition">2026年11月26日　初版第1刷</li><li class="edition">2027年2月1日　初版第2刷</li></ol></section>',
    },
  ];
}

export function sampleInput(meta = sampleMeta()): EpubInput {
  return { meta, identifier: stableIdentifier(meta), chapters: sampleChapters() };
}

/** Where the package keeps things (the Denshokyo layout). */
export const OPF = 'item/standard.opf';
export const NAV = 'item/navigation-documents.xhtml';
export const NCX = 'item/toc.ncx';
export const CSS = 'item/style/book-style.css';
export const COVER_PNG = 'item/image/cover.png';
export const page = (name: string) => `item/xhtml/${name}.xhtml`;

/** Every file of an EPUB as text (binary files as latin1, unused). */
export async function unpack(epub: Uint8Array): Promise<{ names: string[]; text: (name: string) => Promise<string>; zip: JSZip }> {
  const zip = await JSZip.loadAsync(epub);
  const names = Object.values(zip.files).map((entry) => entry.name);
  return { names, zip, text: (name: string) => zip.file(name)!.async('string') };
}

/** Parses XML strictly (libxml2); throws on anything not well-formed. */
export function parseXml(text: string): XmlDocument {
  return XmlDocument.fromString(text);
}
