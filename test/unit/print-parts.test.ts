/** A long print edition in several documents: where it is cut, what each document holds, the manifest. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { syntheticBook } from '../../src/bench/scale.js';
import { parseManuscript } from '../../src/manuscript/parse.js';
import { renderBook } from '../../src/render/parts.js';
import { estimatePrintPages, PAGES_PER_PART, partBreaks } from '../../src/writers/print-extent.js';
import { cssString, pageGeometry, PRINT_HTML, printDocuments, printHtml, publicationManifest } from '../../src/writers/print-html.js';

const seedPath = 'manuscript/000_723cf04ae7573580.md';
const seed = readFileSync(seedPath, 'utf8');
const parse = (text: string, name = 'book.md') => {
  const book = parseManuscript(text, name);
  expect(book.file.messages.filter((message) => message.fatal)).toEqual([]);
  return book;
};
const a5 = pageGeometry('A5');
const options = { stylesheets: ['typography.css', 'print.css'] };

describe('where a long book is cut', () => {
  it('leaves a book shorter than a part in one piece (the seed)', () => {
    expect(partBreaks(parse(seed, seedPath), a5)).toEqual([]);
  });

  it('cuts a long book at question boundaries into parts of about the part size', () => {
    const book = parse(syntheticBook(seed, 600));
    const breaks = partBreaks(book, a5);
    const pages = estimatePrintPages(book, a5);
    expect(breaks.length).toBeGreaterThanOrEqual(Math.floor(pages / PAGES_PER_PART) - 1);
    expect(breaks.length).toBeLessThanOrEqual(Math.ceil(pages / PAGES_PER_PART));
    expect([...breaks].sort((a, b) => a - b)).toEqual(breaks);
    expect(breaks.every((index) => index > 0 && index < book.questions.length)).toBe(true);
    // The questions are alike, so every part but the last holds about as many of them.
    const bounds = [0, ...breaks, book.questions.length];
    const questionsPerPart = bounds.slice(1).map((end, part) => end - bounds[part]!);
    const full = questionsPerPart.slice(1, -1);
    expect(Math.max(...full) - Math.min(...full)).toBeLessThanOrEqual(Math.ceil(Math.max(...full) * 0.1));
    // The first part also holds the lead; the last the rest.
    expect(questionsPerPart[0]).toBeLessThanOrEqual(Math.max(...full));
    expect(questionsPerPart.at(-1)).toBeLessThanOrEqual(Math.max(...full));
  });

  it('never cuts inside a question, however long the question', () => {
    const long = `${syntheticBook(seed, 3).replace(/\s+$/u, '')}\n\n${Array.from({ length: 400 }, () => 'あ'.repeat(400)).join('\n\n')}\n\n## 次の問い\n\n**質問**：短い。\n`;
    const book = parse(long);
    // The long question (the third) is a part of its own: cut before it and after it, never inside.
    expect(partBreaks(book, a5)).toEqual([2, 3]);
  });
});

describe('the documents of a long book', () => {
  const book = parse(syntheticBook(seed, 60));
  const parts = renderBook(book);
  const breaks = [20, 45];
  const documents = printDocuments(parts, book.meta, { ...options, breaks });

  it('is one document, byte for byte printHtml, without breaks', () => {
    const single = printDocuments(parts, book.meta, options);
    expect(single.map(({ file }) => file)).toEqual([PRINT_HTML]);
    expect(single[0]!.html).toBe(printHtml(parts, book.meta, options));
    expect(single[0]!.html).not.toContain('book-body-continued');
  });

  it('puts the front matter and the first part in print.html, each later part in a document of its own, the colophon last', () => {
    expect(documents.map(({ file }) => file)).toEqual(['print.html', 'print-2.html', 'print-3.html']);
    const [first, second, third] = documents.map(({ html }) => html);
    for (const part of ['class="cover"', 'class="title-page"', 'class="toc"', 'class="lead"']) {
      expect(first).toContain(part);
      expect(second).not.toContain(part);
      expect(third).not.toContain(part);
    }
    expect(documents.map(({ html }) => html.includes('class="colophon-page"'))).toEqual([false, false, true]);
    expect(first).toContain('<main class="book-body">');
    expect(second).toContain('<main class="book-body book-body-continued">');
    expect(third).toContain('<main class="book-body book-body-continued">');
  });

  it('holds every question exactly once, in order, and links the 目次 to the document that holds it', () => {
    const ids = documents.map(({ html }) => [...html.matchAll(/<section class="question" id="(q\d+)"/gu)].map((match) => match[1]!));
    expect(ids.flat()).toEqual(book.questions.map((question) => question.id));
    expect(ids.map((list) => list.length)).toEqual([20, 25, 15]);
    const links = [...documents[0]!.html.matchAll(/<a href="([^"]+)">/gu)].map((match) => match[1]);
    expect(links).toEqual(
      book.questions.map((question, index) => (index < 20 ? `#${question.id}` : `${index < 45 ? 'print-2.html' : 'print-3.html'}#${question.id}`)),
    );
  });

  it('leaves the shared parts untouched (the EPUB is made from them too)', () => {
    expect(JSON.stringify(parts.toc)).not.toContain('print-2.html');
  });

  it('sets the book title for the running heads again in every later part', () => {
    for (const { html } of documents) expect(html).toContain('.book-body-continued { string-set: book-title "');
    expect(documents[0]!.html).toContain(`string-set: book-title ${cssString(book.meta.title)}`);
  });

  it('cannot be broken out of by a title: quotes, backslashes and </style> are escaped', () => {
    const hostile = parse(syntheticBook(seed, 4).replace(/^title: .*$/mu, 'title: \'a"b\\c</style><script>x</script>\''));
    const [html] = printDocuments(renderBook(hostile), hostile.meta, { ...options, breaks: [2] }).map((document) => document.html);
    const style = html!.slice(html!.indexOf('<style>'), html!.indexOf('</style>'));
    expect(style).toContain('string-set: book-title "a\\22 b\\5c c\\3c /style\\3e \\3c script\\3e x\\3c /script\\3e "');
    expect(html!.match(/<script/gu)).toBeNull();
  });

  it('lists the documents in reading order in a publication manifest', () => {
    const manifest = JSON.parse(publicationManifest(documents, book.meta)) as { type: string; inLanguage: string; readingProgression: string; readingOrder: Array<{ url: string }> };
    expect(manifest.type).toBe('Book');
    expect(manifest.inLanguage).toBe('ja');
    expect(manifest.readingProgression).toBe('rtl');
    expect(manifest.readingOrder.map(({ url }) => url)).toEqual(documents.map(({ file }) => file));
  });
});
