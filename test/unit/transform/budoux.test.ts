import { describe, expect, it } from 'vitest';
import rehypeBudoux from '../../../src/transform/rehype-budoux.js';
import { run, transformFixtures } from './helpers.js';

// The cases of input and output: test/fixtures/transform/budoux/ (fixtures.test.ts; options.json for `{ body: true }`).
describe('rehype-budoux', () => {
  const fixtures = transformFixtures('budoux');

  it('is idempotent, body paragraphs included', () => {
    expect(fixtures.length).toBeGreaterThan(0);
    for (const fixture of fixtures) {
      const once = run([[rehypeBudoux, { body: true }]], fixture.parse().tree);
      expect(run([[rehypeBudoux, { body: true }]], once.tree).html, fixture.name).toBe(once.html);
    }
  });

  it('never adds a zero-width space', () => {
    expect(fixtures.length).toBeGreaterThan(0);
    for (const fixture of fixtures) expect(run([rehypeBudoux], fixture.parse().tree).html, fixture.name).not.toContain('\u200B');
  });
});
