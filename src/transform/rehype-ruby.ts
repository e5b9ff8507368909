/**
 * Ruby (furigana) from the VFM / でんでんマークダウン syntax in text:
 *   `{漢字|かんじ}`    → `<ruby>漢字<rt>かんじ</rt></ruby>`            (group ruby, 熟語ルビ as one unit)
 *   `{漢字|かん|じ}`   → `<ruby>漢<rt>かん</rt>字<rt>じ</rt></ruby>`   (mono ruby, one reading per character)
 * No `<rp>` fallback: every EPUB 3 reader and Chromium render ruby, and `<rp>` text would end up
 * in copied and searched text.
 *
 * `\{` is a literal brace. Markdown has usually consumed that backslash before this plugin sees
 * the text, so the plugin also looks at the source file: a brace written `\{` there is literal
 * too. A literal brace comes out full-width, `｛` — the bracket form vertical Japanese uses anyway
 * (it is drawn turned, like a half-width brace set sideways) — so that a second pass cannot read
 * it as ruby: the escape itself is gone from the tree. A `{` that does not open a well-formed ruby stays as
 * text, with a warning at its line and column. Runs first in the preset, so every later rule sees
 * the base text as one read-only unit and never touches a reading.
 */
import type { Element, ElementContent, Root, Text } from 'hast';
import type { VFile } from 'vfile';
import { h } from 'hastscript';
import { eachNode, SKIP } from '../core/tree.js';
import { printable } from '../core/text.js';
import { spliceIn } from '../core/scan.js';
import { isProtected } from './flow.js';
import { SOURCE, isEscapedInSource, pointAt } from './source-positions.js';

const LITERAL_BRACE = '｛';
// Base and readings: no braces, bars or line breaks inside.
const RUBY = /\{([^{}|\n]+)((?:\|[^{}|\n]+)+)\}/y;

/** Turns `{base|reading}` and `{base|r1|r2…}` in text into `<ruby>` elements. */
export function rehypeRuby() {
  return function transform(tree: Root, file: VFile): void {
    eachNode<Root | ElementContent, Root | Element>(tree, (node, index, parent) => {
      if (node.type === 'element' && isProtected(node)) return SKIP;
      if (node.type !== 'text' || !parent || index === undefined || !/[{\\]/.test(node.value)) return undefined;
      const replacement = parseRuby(node, file);
      if (!replacement) return undefined;
      spliceIn(parent.children as ElementContent[], index, 1, replacement);
      return index + replacement.length;
    });
  };
}

/** The nodes replacing one text node, or undefined when nothing changes. */
function parseRuby(node: Text, file: VFile): ElementContent[] | undefined {
  const text = node.value;
  const out: ElementContent[] = [];
  let plain = '';
  let changed = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    // `\{` in the text is an escape only where no Markdown read it first (front matter); in a
    // Markdown text node that backslash was written `\\`: a literal backslash, kept.
    if (char === '\\' && text[i + 1] === '{' && !isEscapedInSource(node, i, file)) {
      plain += LITERAL_BRACE;
      i += 1;
      changed = true;
      continue;
    }
    if (char === '{' && isEscapedInSource(node, i, file)) {
      plain += LITERAL_BRACE;
      changed = true;
      continue;
    }
    if (char !== '{') {
      plain += char;
      continue;
    }
    RUBY.lastIndex = i;
    const match = RUBY.exec(text);
    const ruby = match ? buildRuby(match[1]!, match[2]!.slice(1).split('|')) : diagnose(text, i);
    if (typeof ruby === 'string' || !match) {
      report(file, node, i, match ? match[0].length : 1, String(ruby));
      plain += char;
      continue;
    }
    if (plain) out.push({ type: 'text', value: plain });
    plain = '';
    const start = pointAt(node, i, file);
    const end = pointAt(node, i + match[0].length, file);
    if (start && end) ruby.position = { start, end };
    out.push(ruby);
    changed = true;
    i += match[0].length - 1;
  }
  if (!changed) return undefined;
  if (plain) out.push({ type: 'text', value: plain });
  return out;
}

/** A ruby element, or the reason the annotation cannot be one. */
function buildRuby(base: string, readings: string[]): Element | string {
  if (readings.length === 1) return h('ruby', [base, h('rt', readings[0])]);
  const chars = Array.from(base);
  if (chars.length !== readings.length) {
    return `Per-character ruby \`{${base}|${readings.join('|')}}\` has ${chars.length} base characters but ${readings.length} readings; left as text`;
  }
  return h('ruby', chars.flatMap((char, k) => [char, h('rt', readings[k])]));
}

// The last `indexOf` of each character in the text being read: the `{`s of a text are diagnosed in
// order, so each search goes on from the last one instead of from every `{` to the end again.
let found: { text: string; at: Map<string, number> } = { text: '', at: new Map() };

function nextIndex(text: string, char: string, from: number): number {
  if (found.text !== text) found = { text, at: new Map() };
  const known = found.at.get(char);
  if (known !== undefined && (known < 0 || known >= from)) return known;
  const index = text.indexOf(char, from);
  found.at.set(char, index);
  return index;
}

/** Why the `{` at `start` does not open a ruby annotation. */
function diagnose(text: string, start: number): string {
  const close = nextIndex(text, '}', start);
  const next = nextIndex(text, '{', start + 1);
  const line = nextIndex(text, '\n', start);
  if (close < 0 || (next >= 0 && next < close) || (line >= 0 && line < close)) {
    return 'Unclosed `{`: ruby is written `{漢字|かんじ}`; write `\\{` for a literal brace. Left as text';
  }
  return `\`${printable(text.slice(start, close + 1))}\` is not ruby (expected \`{漢字|かんじ}\`); write \`\\{\` for a literal brace. Left as text`;
}

function report(file: VFile, node: Text, index: number, length: number, reason: string): void {
  const start = pointAt(node, index, file);
  const end = pointAt(node, index + length, file);
  file.message(reason, {
    place: start && end ? { start, end } : node.position,
    ruleId: 'ruby-syntax',
    source: SOURCE,
  });
}

export default rehypeRuby;
