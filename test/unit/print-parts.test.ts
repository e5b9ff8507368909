/** A long print edition in several documents: where it is cut, what each document holds, the manifest. */
import { describe, expect, it } from 'vitest';
import { syntheticBook } from '../../src/bench/scale.js';
import { renderBook } from '../../src/render/parts.js';
import { estimatePrintPages, PAGES_PER_PART, partBreaks } from '../../src/writers/print/print-extent.js';
import { pageGeometry, PRINT_HTML, printDocuments, printHtml, publicationManifest } from '../../src/writers/print/print-html.js';
import { bookWithParts, parseClean, SEED_PATH, seedText } from '../support/seed-books.js';

const seedPath = SEED_PATH;
const seed = seedText();
const parse = parseClean;
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
    expect(second).toContain('<main class="book-body book-body-continued"');
    expect(third).toContain('<main class="book-body book-body-continued"');
    // 表4 after the 奥付, in the last document only; every body says it is a self-cover book.
    expect(documents.map(({ html }) => html.includes('class="back-cover"'))).toEqual([false, false, true]);
    for (const { html } of documents) expect(html).toContain('<body class="self-cover">');
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

  it('sets the same running head in every document, and starts each later one with the strings the earlier ones left', () => {
    const rule = /@page body:right \{ @top-right \{ content: "[^"]+"; \} \}/u;
    const [head] = rule.exec(documents[0]!.html) ?? [];
    expect(head).toBeDefined();
    for (const { html } of documents) expect(html).toContain(head);
    // Before print-2.html the 20th question was the last; before print-3.html the 45th.
    for (const [document, index] of [[documents[1]!, 20], [documents[2]!, 45]] as const) {
      const question = book.questions[index - 1]!;
      expect(document.html).toContain(`style="string-set: question-number-carried &#x22;Q${index}&#x22;, question-title-carried &#x22;${question.title}&#x22;"`);
    }
    expect(documents[0]!.html).not.toContain('string-set: question-number');
  });

  it('cannot be broken out of by a title: quotes, backslashes and </style> are escaped', () => {
    const hostile = parse(
      syntheticBook(seed, 4)
        .replace(/^title: .*$/mu, 'title: \'a"b\\c</style><script>x</script>\'')
        // `\<` is Markdown's escape: the title is q"</main><script>y</script>.
        .replace(/^## .*$/mu, '## q"\\</main><script>y</script>'),
    );
    const [first, second] = printDocuments(renderBook(hostile), hostile.meta, { ...options, breaks: [1] }).map((document) => document.html);
    const style = first!.slice(first!.indexOf('<style>'), first!.indexOf('</style>'));
    expect(style).toContain('content: "a\\22 b\\5c c\\3c /style>\\3c script>x\\3c /script>"');
    expect(second).toContain('question-title-carried &#x22;q\\22 \\3c /main>\\3c script>y\\3c /script>&#x22;');
    for (const html of [first!, second!]) expect(html.match(/<script/gu)).toBeNull();
  });

  it('lists the documents in reading order in a publication manifest', () => {
    const manifest = JSON.parse(publicationManifest(documents, book.meta)) as { type: string; inLanguage: string; readingProgression: string; readingOrder: Array<{ url: string }> };
    expect(manifest.type).toBe('Book');
    expect(manifest.inLanguage).toBe('ja');
    expect(manifest.readingProgression).toBe('rtl');
    expect(manifest.readingOrder.map(({ url }) => url)).toEqual(documents.map(({ file }) => file));
  });
});

describe('a long book with parts, notes and figures', () => {
  const book = parse(bookWithParts(seed, { questions: 300, split: 150 }));
  const parts = renderBook(book);

  it('is cut at sections of the main matter (parts and questions), a part heading kept with what follows it', () => {
    const breaks = partBreaks(book, a5, 20);
    expect(breaks.length).toBeGreaterThan(2);
    // parts.body: 第一部, Q1–Q150, 第二部, Q151–Q300.
    expect(parts.body).toHaveLength(book.questions.length + book.parts.length);
    const secondPart = book.questions.length / 2 + 1;
    for (const cut of breaks) expect(cut).not.toBe(secondPart + 1);
    // Wherever a cut would fall just after the 第二部 heading, it falls before it: try every part size.
    const before = [10, 15, 20, 25, 30, 40].map((size) => partBreaks(book, a5, size)).flat();
    expect(before).not.toContain(secondPart + 1);
  });

  it('links the 目次 entries of parts and questions into the documents that hold them, and keeps each note with its reference', () => {
    const breaks = [40, 151, 200];
    const documents = printDocuments(parts, book.meta, { ...options, breaks });
    expect(documents.map(({ file }) => file)).toEqual(['print.html', 'print-2.html', 'print-3.html', 'print-4.html']);
    // The 第二部 heading opens print-3.html, which starts with Q150's strings carried over.
    expect(documents[2]!.html).toMatch(/<main class="book-body book-body-continued" style="string-set: question-number-carried &#x22;Q150&#x22;[^>]*><section class="part" id="part2"/u);
    const toc = documents[0]!.html.slice(documents[0]!.html.indexOf('<nav class="toc"'), documents[0]!.html.indexOf('</nav>'));
    const hrefs = [...toc.matchAll(/<a href="([^"]+)">/gu)].map((match) => match[1]!);
    const fileOf = (id: string) => documents.find(({ html }) => html.includes(` id="${id}"`))!.file;
    expect(hrefs).toHaveLength(book.questions.length + book.parts.length);
    for (const href of hrefs) {
      const [file, id] = href.startsWith('#') ? ['print.html', href.slice(1)] : href.split('#');
      expect([href, file]).toEqual([href, fileOf(id!)]);
    }
    // A note is set in the section that refers to it, so its links stay inside one document.
    for (const { html } of documents) {
      for (const [, target] of html.matchAll(/<a [^>]*href="#(note[^"]+)"/gu)) expect(html).toContain(` id="${target}"`);
      expect(html).not.toMatch(/href="print-\d+\.html#note/u);
    }
  });

  it('counts part headings, notes and figures in the estimate', () => {
    const plain = parse(syntheticBook(seed, 300));
    expect(estimatePrintPages(book, a5)).toBeGreaterThan(estimatePrintPages(plain, a5));
    const figures = parse(`${syntheticBook(seed, 300).trimEnd()}\n\n${'![図](images/x.png)\n\n'.repeat(20)}`);
    // Twenty figures of at most half a page each: about ten pages more.
    expect(estimatePrintPages(figures, a5) - estimatePrintPages(plain, a5)).toBeGreaterThanOrEqual(9);
  });
});
