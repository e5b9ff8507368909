/**
 * Fixture directories of the typography plugins, as unified's plugins keep theirs:
 * test/fixtures/transform/<plugin>/<case>/ holds input.html and the expected output.html, and,
 * when the plugin reports something, messages.txt (`line:col-line:col: reason`, one a line,
 * places in input.html); options.json, when present, is handed to the plugin. Every case is also
 * run a second time over its own output, which must not change (the pass is idempotent).
 * `UPDATE_FIXTURES=1` rewrites output.html and messages.txt, as for the importer's fixtures:
 * review the diff before committing it. A new case is a new folder with an input.html.
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Pluggable } from 'unified';
import { describe, expect, it } from 'vitest';
import rehypeBudoux from '../../../src/transform/rehype-budoux.js';
import rehypePunctuation from '../../../src/transform/rehype-punctuation.js';
import rehypeRuby from '../../../src/transform/rehype-ruby.js';
import rehypeTcy from '../../../src/transform/rehype-tcy.js';
import rehypeUprightLatin from '../../../src/transform/rehype-upright-latin.js';
import { diagnostics, run, TRANSFORM_FIXTURES, transformFixtures } from './helpers.js';

/** The folder of each plugin. */
const PLUGINS = {
  ruby: rehypeRuby,
  punctuation: rehypePunctuation,
  tcy: rehypeTcy,
  'upright-latin': rehypeUprightLatin,
  budoux: rehypeBudoux,
} satisfies Record<string, Pluggable>;
const update = process.env.UPDATE_FIXTURES === '1';

describe('typography plugin fixtures', () => {
  it('has a folder for every plugin and none for a plugin that does not exist', () => {
    const folders = readdirSync(TRANSFORM_FIXTURES, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
    expect(folders.sort()).toEqual(Object.keys(PLUGINS).sort());
  });

  for (const [name, plugin] of Object.entries(PLUGINS)) {
    describe(name, () => {
      const cases = transformFixtures(name);
      it('has cases', () => expect(cases.length).toBeGreaterThan(0));

      for (const fixture of cases) {
        it(fixture.name, () => {
          const pluggable = (fixture.options === undefined ? plugin : [plugin, fixture.options]) as Pluggable;
          const { tree, file } = fixture.parse();
          const { html } = run([pluggable], tree, file);
          const messages = diagnostics(file).map((line) => `${line}\n`).join('');
          const outputFile = new URL('output.html', fixture.dir);
          const messagesFile = new URL('messages.txt', fixture.dir);
          if (update) {
            writeFileSync(outputFile, `${html}\n`);
            if (messages) writeFileSync(messagesFile, messages);
            else rmSync(messagesFile, { force: true });
          }
          expect(existsSync(outputFile), `${fixture.name}/output.html`).toBe(true);
          expect(`${html}\n`).toBe(readFileSync(outputFile, 'utf8'));
          expect(messages).toBe(existsSync(messagesFile) ? readFileSync(messagesFile, 'utf8') : '');
          // A second pass over the typeset tree changes nothing.
          expect(run([pluggable], tree).html).toBe(html);
        });
      }
    });
  }
});
