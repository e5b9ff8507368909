import { describe, expect, it } from 'vitest';
import rehypePunctuation from '../../../src/transform/rehype-punctuation.js';
import { diagnostics, positioned, run } from './helpers.js';

// The cases of input and output: test/fixtures/transform/punctuation/ (fixtures.test.ts). Here: positions in Markdown source.
describe('rehype-punctuation', () => {
  it('reports an unpaired quote at its place and leaves it', () => {
    const { tree, file } = positioned('彼は"日本と言った');
    expect(run([rehypePunctuation], tree, file).html).toBe('<p>彼は"日本と言った</p>');
    expect(diagnostics(file)).toEqual(['1:3-1:4: Unpaired `"`: left as is (use 〝…〟 or 「…」 for a quotation)']);
    expect(file.messages[0]?.ruleId).toBe('unpaired-quote');
  });
});
