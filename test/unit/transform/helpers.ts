/** Test helpers for the typography plugins: run a plugin on a fragment, read its output and messages. */
import { readdirSync, readFileSync } from 'node:fs';
import type { ElementContent, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { h } from 'hastscript';
import { toHtml } from 'hast-util-to-html';
import { unified, type PluggableList } from 'unified';
import { VFile } from 'vfile';

/** A fragment: a string becomes one `<p>`; elements are used as they are. */
export type Fragment = string | ElementContent | ElementContent[];

/** A root holding the fragment. */
export function fragment(input: Fragment): Root {
  const children = typeof input === 'string' ? [h('p', input)] : Array.isArray(input) ? input : [input];
  return { type: 'root', children };
}

/** Runs plugins on a fragment (or a root, in place); returns the output HTML, the tree and the file. */
export function run(plugins: PluggableList, input: Fragment | Root, file = new VFile()) {
  const tree = !Array.isArray(input) && typeof input === 'object' && input.type === 'root' ? input : fragment(input as Fragment);
  unified().use(plugins).runSync(tree, file);
  return { html: toHtml(tree), tree, file };
}

/** Messages as `line:col-line:col: reason` (or `?: reason` without a place). */
export function diagnostics(file: VFile): string[] {
  return file.messages.map((message) => {
    const place = message.place;
    if (!place) return `?: ${message.reason}`;
    if ('start' in place) return `${place.start.line}:${place.start.column}-${place.end.line}:${place.end.column}: ${message.reason}`;
    return `${place.line}:${place.column}: ${message.reason}`;
  });
}

/**
 * A `<p>` whose one text node is positioned in `source` (as a Markdown reader would leave it):
 * `value` is the text after escapes were consumed; `source` what was written in the file.
 */
export function positioned(value: string, source = value): { tree: Root; file: VFile } {
  const lines = source.split('\n');
  const last = lines[lines.length - 1]!;
  const end = { line: lines.length, column: 1 + last.length, offset: source.length };
  const text = { type: 'text' as const, value, position: { start: { line: 1, column: 1, offset: 0 }, end } };
  return { tree: { type: 'root', children: [h('p', [text])] }, file: new VFile({ path: 'book.md', value: source }) };
}

/** The real transcript's paragraphs: one `<p>` per non-empty line, each text node positioned in the file. */
export function transcript(): { tree: Root; file: VFile; lines: string[] } {
  const path = 'manuscript/000_723cf04ae7573580.txt';
  const source = readFileSync(path, 'utf8');
  const children: ElementContent[] = [];
  const lines: string[] = [];
  let offset = 0;
  source.split('\n').forEach((line, index) => {
    if (line.trim()) {
      lines.push(line);
      const position = {
        start: { line: index + 1, column: 1, offset },
        end: { line: index + 1, column: 1 + line.length, offset: offset + line.length },
      };
      children.push(h('p', [{ type: 'text', value: line, position }]));
    }
    offset += line.length + 1;
  });
  return { tree: { type: 'root', children }, file: new VFile({ path, value: source }), lines };
}

/** Where the plugins' fixture directories are: test/fixtures/transform/<plugin>/<case>/. */
export const TRANSFORM_FIXTURES = new URL('../../fixtures/transform/', import.meta.url);

/** One case of a plugin's fixtures: its input (the file's text without its final line break) and options. */
export interface TransformFixture {
  name: string;
  dir: URL;
  input: string;
  options?: unknown;
  /**
   * The input parsed afresh (a plugin changes its tree), its text nodes positioned in input.html.
   * The file carries the name but not the HTML: a plugin given the source reads Markdown escapes
   * in it (`\{`), which HTML does not have.
   */
  parse(): { tree: Root; file: VFile };
}

/** The cases of one plugin (`ruby`, `punctuation`, …), in name order. */
export function transformFixtures(plugin: string): TransformFixture[] {
  const root = new URL(`${plugin}/`, TRANSFORM_FIXTURES);
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const dir = new URL(`${name}/`, root);
      const input = readFileSync(new URL('input.html', dir), 'utf8').replace(/\n$/u, '');
      const files = readdirSync(dir);
      const options: unknown = files.includes('options.json') ? JSON.parse(readFileSync(new URL('options.json', dir), 'utf8')) : undefined;
      const parse = () => ({ tree: fromHtml(input, { fragment: true }), file: new VFile({ path: `${plugin}/${name}/input.html` }) });
      return { name, dir, input, options, parse };
    });
}
