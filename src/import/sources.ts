/**
 * Sources people actually have: a text file, a Word document (.docx, what transcription services
 * deliver) or a saved web page / article HTML. Word and HTML are read by maintained libraries
 * (mammoth; Mozilla Readability on linkedom) and turned into the same thing a text file is: one
 * line per paragraph, plus the length of a bold or italic run opening each line (a label written
 * in bold). Line numbers of diagnostics count these paragraphs.
 */
import { interruptible } from '../core/interrupt.js';
import { KumihanError } from '../core/errors.js';
import { decodeTranscript, type TranscriptEncoding } from './decode.js';
import type { LineCue } from './lines.js';

/** A transcript as text, whatever it was stored as. */
export interface TranscriptSource {
  text: string;
  /** How the bytes were read: a text encoding, `docx` or `html`. */
  encoding: TranscriptEncoding | 'docx' | 'html';
  /** 1-based line → length of the bold or italic run that opens it. */
  emphasis: Map<number, number>;
  /** 1-based line → what the markup says the line is (a term, a heading, a question); Word and HTML only. */
  cues: Map<number, LineCue>;
  /** Page text outside the article (navigation, comments, share buttons), left out of the transcript. */
  removed: string[];
  /** Notes of the reading library (mammoth's messages about unknown styles), for `--verbose`. */
  notes: string[];
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];

/** Reads a transcript of any supported kind; throws a KumihanError for anything else. */
export async function readSource(bytes: Uint8Array, path: string): Promise<TranscriptSource> {
  if (ZIP.every((b, i) => bytes[i] === b) && !/\.(?:zip|epub)$/iu.test(path)) return readDocx(bytes, path);
  if (/\.x?html?$/iu.test(path) || looksLikeHtml(bytes)) {
    const { text } = decodeTranscript(bytes, path);
    return readHtml(text, path);
  }
  // Decoding 30 MB takes about a second: inside `interruptible`, or a Ctrl-C meanwhile would be
  // lost when the next interruptible stage starts (vm's breakOnSigint sets the listeners aside).
  const { text, encoding } = interruptible(() => decodeTranscript(bytes, path));
  return { text, encoding, emphasis: new Map(), cues: new Map(), removed: [], notes: [] };
}

/** A file that starts (after a BOM and whitespace) like an HTML document. */
function looksLikeHtml(bytes: Uint8Array): boolean {
  const head = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 512)).replace(/^\ufeff/u, '').trimStart().toLowerCase();
  return head.startsWith('<!doctype html') || head.startsWith('<html');
}

/** Paragraph styles a Word user names for the interviewer's lines: read as `<p class="question">`. */
const QUESTION_STYLES = ['質問', '問い', '問', '聞き手', 'インタビュアー', 'Question', 'question', 'Interviewer', 'interviewer', 'Q'].map(
  (name) => `p[style-name='${name}'] => p.question:fresh`,
);

async function readDocx(bytes: Uint8Array, path: string): Promise<TranscriptSource> {
  const mammoth = (await import('mammoth')).default;
  let result: { value: string; messages: { type: string; message: string }[] };
  try {
    result = await mammoth.convertToHtml({ buffer: Buffer.from(bytes) }, { styleMap: QUESTION_STYLES });
  } catch (error) {
    const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new KumihanError(`the transcript is a ZIP archive but not a Word document (.docx) mammoth can read (${why}); nothing written`, { file: path });
  }
  const { lines, emphasis, cues } = await htmlLines(result.value);
  if (lines.length === 0) throw new KumihanError('the Word document contains no text; nothing written', { file: path });
  return { text: lines.join('\n'), encoding: 'docx', emphasis, cues, removed: [], notes: result.messages.map((m) => `${m.type}: ${m.message}`) };
}

/**
 * The article of a web page: Readability finds the body (without navigation, comments, share
 * buttons), whose headline becomes the first line. Whatever text of the page is not in the
 * article is returned as `removed`, so the importer can list it.
 */
async function readHtml(html: string, path: string): Promise<TranscriptSource> {
  // Readability is a CommonJS package: its exports are the default export once bundled (as mammoth's are).
  const [{ parseHTML }, { Readability }] = await Promise.all([import('linkedom'), import('@mozilla/readability').then((module) => module.default)]);
  const page = await htmlLines(html, true);
  const document = pageDocument(parseHTML, html);
  markStyledRuns(document as unknown as StyledDocument);
  // Classes kept: `<p class="q">` says a paragraph is a question, `<span class="name">` a speaker.
  const article = new Readability(document as unknown as Document, { charThreshold: 0, keepClasses: true }).parse();
  const body = article?.content ? await htmlLines(article.content) : page;
  const lines = [...body.lines];
  let { emphasis, cues } = body;
  // Readability may leave the page title out of the content: it is the headline.
  // The page's own <title> (Readability cuts what follows a dash, a subtitle too), less the site's name.
  const pageTitle = (document as unknown as { title?: string }).title?.trim() || article?.title?.trim();
  const title = withoutSiteName(pageTitle, siteName(document), page.lines);
  if (title && !lines.some((line) => title.startsWith(line) && line.length >= 4) && lines[0] !== title) {
    lines.unshift(title);
    emphasis = new Map([...emphasis].map(([line, length]) => [line + 1, length]));
    cues = new Map([...cues].map(([line, cue]) => [line + 1, cue]));
  }
  if (lines.length === 0) throw new KumihanError('the web page contains no article text; nothing written', { file: path });
  const kept = new Set(lines.map(squash));
  const removed = page.lines.filter((line) => !kept.has(squash(line)) && !(title && squash(title).startsWith(squash(line))));
  return { text: lines.join('\n'), encoding: 'html', emphasis, cues, removed, notes: [] };
}

interface StyledElement {
  getAttribute(name: string): string | null;
  childNodes: ArrayLike<unknown>;
  textContent: string | null;
  appendChild(node: unknown): unknown;
}
interface StyledDocument {
  body: { textContent: string | null } | null;
  querySelectorAll(selector: string): ArrayLike<StyledElement>;
  createElement(name: string): StyledElement;
}

// Bold by style (`font-weight: bold`, 600–900) or a colour of its own (`color: …`, `<font color>`):
// how pages pasted from Word or written in a blog editor set off a question or a name.
const STYLED_BOLD = /(?:^|;)\s*font-weight\s*:\s*(?:bold|bolder|[6-9]00)/iu;
const STYLED_COLOUR = /(?:^|;)\s*color\s*:\s*([^;]{1,40})/iu;

/**
 * Wraps the content of every element the page styles bold or coloured in a `<b>`, which
 * Readability keeps (it strips `style` and turns `<font>` into `<span>`), so a question or name set
 * off only by its style reads like one in `<strong>`. A colour that covers most of the page's text
 * is the page's text colour (Word pastes one on every paragraph), which sets nothing off.
 */
function markStyledRuns(document: StyledDocument): void {
  const styled = Array.from(document.querySelectorAll('[style], font[color]')).map((element) => {
    const style = element.getAttribute('style') ?? '';
    const colour = (element.getAttribute('color') ?? STYLED_COLOUR.exec(style)?.[1] ?? '').replace(/\s+/gu, '').toLowerCase();
    return { element, bold: STYLED_BOLD.test(style), colour };
  });
  const covered = new Map<string, number>();
  for (const { element, colour } of styled) if (colour !== '') covered.set(colour, (covered.get(colour) ?? 0) + (element.textContent ?? '').length);
  const total = (document.body?.textContent ?? '').length;
  for (const { element, bold, colour } of styled) {
    if (!bold && (colour === '' || covered.get(colour)! * 2 > total)) continue;
    const b = document.createElement('b');
    for (const child of Array.from(element.childNodes)) b.appendChild(child);
    element.appendChild(b);
  }
}

/** The site's name as the page states it (`og:site_name`, `application-name`), if it does. */
function siteName(document: { querySelector(selector: string): { getAttribute(name: string): string | null } | null }): string | undefined {
  for (const selector of ['meta[property="og:site_name"]', 'meta[name="application-name"]']) {
    const name = document.querySelector(selector)?.getAttribute('content')?.trim();
    if (name) return name;
  }
  return undefined;
}

const TITLE_SEPARATORS = [' | ', '｜', ' - ', ' – ', ' — ', ' / ', '　|　', '　｜　'];

/**
 * A page title without the site's name after it (`作家に聞く | 文芸ウェブ` → `作家に聞く`): only a
 * name the page states (its meta) or shows outside the article (`© 文芸ウェブ`, a menu item), so a
 * subtitle after a dash is never taken for one.
 */
function withoutSiteName(title: string | undefined, site: string | undefined, pageLines: readonly string[]): string | undefined {
  if (!title) return title;
  const whole = squash(title);
  for (const separator of TITLE_SEPARATORS) {
    const at = title.lastIndexOf(separator);
    if (at < 4) continue;
    const tail = squash(title.slice(at + separator.length));
    if (tail === '' || tail.length > 40) continue;
    const named = site !== undefined ? squash(site) === tail : pageLines.some((line) => squash(line).includes(tail) && squash(line) !== whole);
    if (named) return title.slice(0, at).trim();
  }
  return title;
}

/**
 * The document of a whole page. Text without any element (a `.html` file holding plain text)
 * leaves linkedom a document without a root, which it cannot walk: it is read as a body, as a
 * browser shows it.
 */
function pageDocument(parseHTML: (typeof import('linkedom'))['parseHTML'], html: string) {
  const { document } = parseHTML(html);
  return document.documentElement ? document : parseHTML(`<!DOCTYPE html><html><body>${html}</body></html>`).document;
}

const squash = (text: string) => text.replace(/\s+/gu, '');

const BLOCK = new Set(
  'ADDRESS ARTICLE ASIDE BLOCKQUOTE BODY DD DETAILS DIV DL DT FIELDSET FIGCAPTION FIGURE FOOTER FORM H1 H2 H3 H4 H5 H6 HEADER HR LI MAIN NAV OL P PRE SECTION SUMMARY TABLE TBODY TD TFOOT TH THEAD TR UL'.split(' '),
);
const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'IFRAME', 'CANVAS', 'BUTTON', 'SELECT', 'OPTION', 'INPUT', 'TEXTAREA', 'HEAD', 'TITLE']);
const EMPHASIS = new Set(['STRONG', 'B', 'EM', 'I']);
const HEADING = /^H([1-6])$/u;
// Class names sites give an interviewer's paragraph (`q`, `question`, `interview__q`, `kikite`) and a
// speaker's name (`name`, `speaker`, `interview-name`, the speech balloons of blog themes:
// `speech-name`, `st-kaiwa-face-name`, `c-balloon__iconName`): one word of the class attribute, read whole.
const QUESTION_CLASS = /(?:^|[-_])(?:q|question|questioner|interviewer|kikite|toi|shitsumon)$/iu;
const NAME_CLASS = /(?:^|[-_])(?:name|speaker|talker|hanashite)$|[a-z]Name$/u;

interface Node {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<Node>;
  getAttribute?(name: string): string | null;
}

const hasClass = (node: Node, pattern: RegExp) => (node.getAttribute?.('class') ?? '').split(/\s+/u).some((word) => word !== '' && pattern.test(word));
const short = (node: Node) => (node.textContent ?? '').trim().length <= 24;
const elements = (node: Node) => Array.from(node.childNodes).filter((child) => child.nodeType === 1);

/**
 * What a block says its lines are: a `<dt>` (or the first cell of a `speaker | text` or
 * `question | answer` row, the speaker's of a `time | speaker | text` row, or a block classed as a name) is a term — a speaker's name or a question over what follows; a
 * heading is a heading of its level; a block classed as a question is a question.
 */
function cueOf(node: Node, parent: Node): LineCue | undefined {
  const name = node.nodeName.toUpperCase();
  if (name === 'DT') return 'term';
  const heading = HEADING.exec(name);
  if (heading) return `h${heading[1]}` as LineCue;
  if ((name === 'TD' || name === 'TH') && parent.nodeName.toUpperCase() === 'TR') {
    const cells = elements(parent).filter((cell) => /^T[DH]$/iu.test(cell.nodeName));
    // speaker | text, or time | speaker | text: the cell before the text names who speaks. A
    // header row (話者 | 発言) names the columns, not a speaker.
    // In question | answer rows the first cell is a question, long or short.
    const speaker = cells.length === 2 || cells.length === 3 ? cells[cells.length - 2] : undefined;
    if (speaker === node && (cells.length === 2 || short(node)) && !cells.every((cell) => cell.nodeName.toUpperCase() === 'TH')) return 'term';
  }
  if (hasClass(node, QUESTION_CLASS)) return 'question';
  // A name's block, not a turn's wrapper that happens to be classed `speaker`.
  if (hasClass(node, NAME_CLASS) && short(node)) return 'term';
  return undefined;
}

/**
 * HTML → one line per block (paragraph, heading, list item, table cell) and per `<br>`; inline
 * whitespace collapsed as a browser would (the full-width space is text, kept). A bold or italic
 * element (or an element classed as a name) that opens a line records its length; a line whose
 * block says what it is (a term, a heading, a question) records that cue.
 */
export async function htmlLines(html: string, wholePage = false): Promise<{ lines: string[]; emphasis: Map<number, number>; cues: Map<number, LineCue> }> {
  const { parseHTML } = await import('linkedom');
  const document = wholePage ? pageDocument(parseHTML, html) : parseHTML(`<!DOCTYPE html><html><body>${html}</body></html>`).document;
  const lines: string[] = [];
  const emphasis = new Map<number, number>();
  const cues = new Map<number, LineCue>();
  let buffer = '';
  let lead: number | undefined;
  /** Open bold or italic elements, and whether the line's text began inside one. */
  let depth = 0;
  let startedInside = false;
  const flush = (cue: LineCue | undefined) => {
    const text = buffer.trim();
    if (text !== '') {
      lines.push(text);
      // A line a <br> ends inside <strong>…<br>…</strong> is bold to its end.
      const run = lead ?? (startedInside && depth > 0 ? text.length : undefined);
      if (run !== undefined && run > 0) emphasis.set(lines.length, Math.min(run, text.length));
      if (cue) cues.set(lines.length, cue);
    }
    buffer = '';
    lead = undefined;
    startedInside = depth > 0;
  };
  const walk = (node: Node, pre: boolean, cue: LineCue | undefined) => {
    for (const child of Array.from(node.childNodes)) {
      if (child.nodeType === 3) {
        const text = child.textContent ?? '';
        buffer += pre ? text : text.replace(/[ \t\n\r\f]+/gu, ' ');
        if (pre && text.includes('\n')) {
          const [first, ...rest] = buffer.split('\n');
          buffer = first!;
          for (const part of rest) {
            flush(cue);
            buffer = part;
          }
        }
        continue;
      }
      if (child.nodeType !== 1) continue;
      const name = child.nodeName.toUpperCase();
      if (SKIP.has(name)) continue;
      if (name === 'BR') {
        flush(cue);
        continue;
      }
      if (BLOCK.has(name)) {
        flush(cue);
        const own = cueOf(child, node) ?? cue;
        walk(child, pre || name === 'PRE', own);
        flush(own);
        continue;
      }
      const bold = EMPHASIS.has(name) || hasClass(child, NAME_CLASS);
      const opening = bold && lead === undefined && buffer.trim() === '';
      if (opening) startedInside = true;
      if (bold) depth++;
      walk(child, pre, cue);
      if (bold) depth--;
      // The run counts from the line's first character (leading whitespace is trimmed).
      if (opening) lead = buffer.trimStart().length;
    }
  };
  walk(document.body as unknown as Node, false, undefined);
  flush(undefined);
  return { lines, emphasis, cues };
}
