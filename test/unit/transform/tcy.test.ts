import { toString } from 'hast-util-to-string';
import { describe, expect, it } from 'vitest';
import rehypeTcy from '../../../src/transform/rehype-tcy.js';
import { run, transformFixtures } from './helpers.js';

// The cases of input and output: test/fixtures/transform/tcy/ (fixtures.test.ts, which also runs each twice).
describe('rehype-tcy', () => {
  it('never changes a character: the text of the output is the input', () => {
    const fixtures = transformFixtures('tcy');
    expect(fixtures.length).toBeGreaterThan(0);
    for (const fixture of fixtures) {
      const { tree } = fixture.parse();
      const text = toString(tree);
      run([rehypeTcy], tree);
      expect(toString(tree), fixture.name).toBe(text);
    }
  });
});
