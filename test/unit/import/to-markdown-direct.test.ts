/**
 * The importer writes most blocks of the manuscript itself instead of through remark-stringify
 * (docs/performance.md, "Importing long transcripts"): on random documents, its output is byte for
 * byte what remark-stringify writes for the same mdast.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Paragraph, PhrasingContent, RootContent } from 'mdast';
import { referenceMarkdown, serializeBlocks } from '../../../src/import/to-markdown.js';

// Letters, digits, CJK, Unicode spaces and punctuation, and every ASCII character Markdown reads as syntax.
const alphabet = 'あ漢カ、。「」（）：　azAZ09 \t\u00a0\u3000\u2028\u0085\uff0a\u2014!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~\n'.split('');
const text = (min = 0) => fc.string({ unit: fc.oneof(fc.constantFrom(...alphabet), fc.constantFrom('あ', 'a', '1', '漢')), minLength: min, maxLength: 12 });
const plain = text(1).map((value): Paragraph => ({ type: 'paragraph', children: [{ type: 'text', value }] }));
const turn = fc.tuple(text(1), text()).map(([label, value]): Paragraph => ({
  type: 'paragraph',
  children: [{ type: 'strong', children: [{ type: 'text', value: label }] }, { type: 'text', value: `：${value}` }],
}));
const heading = fc.tuple(fc.constantFrom(1 as const, 2 as const), text(1)).map(([depth, value]): RootContent => ({ type: 'heading', depth, children: [{ type: 'text', value }] }));
const noted = text(1).map((value): Paragraph => ({
  type: 'paragraph',
  children: [{ type: 'text', value } as PhrasingContent, { type: 'footnoteReference', identifier: '1', label: '1' }],
}));
const block = fc.oneof(plain, turn, heading, noted, fc.constant<RootContent>({ type: 'html', value: '<!-- 見出し画像 -->' }));
const document = fc.tuple(fc.array(block, { maxLength: 12 }), fc.boolean()).map(([blocks, yaml]): RootContent[] => [
  ...(yaml ? [{ type: 'yaml', value: 'title: あ' } as RootContent] : []),
  ...blocks,
]);

describe('serializeBlocks', () => {
  it('writes what remark-stringify writes', () => {
    fc.assert(
      fc.property(document, (children) => {
        expect(serializeBlocks(structuredClone(children))).toBe(referenceMarkdown(structuredClone(children)));
      }),
      { numRuns: 2000 },
    );
  });

  it('writes what remark-stringify writes for blocks it writes itself', () => {
    const inert = fc.string({ unit: fc.constantFrom('あ', '漢', '、', '「', '：', '\u3000', '\u00a0', 'a', 'Z', '0', '9', '\uff0a', '\u2014'), minLength: 1, maxLength: 12 });
    const blocks = fc.array(
      fc.oneof(
        inert.map((value): RootContent => ({ type: 'paragraph', children: [{ type: 'text', value }] })),
        fc.tuple(text(1), inert).map(([label, value]): RootContent => ({
          type: 'paragraph',
          children: [{ type: 'strong', children: [{ type: 'text', value: label }] }, { type: 'text', value: `：${value}` }],
        })),
        inert.map((value): RootContent => ({ type: 'heading', depth: 2, children: [{ type: 'text', value }] })),
      ),
      { maxLength: 12 },
    );
    fc.assert(fc.property(blocks, (children) => void expect(serializeBlocks(structuredClone(children))).toBe(referenceMarkdown(structuredClone(children)))), { numRuns: 2000 });
  });
});
