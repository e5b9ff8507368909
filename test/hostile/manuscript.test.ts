/** The manuscript reader on hostile manuscripts: every refusal is an error at the line and column of its cause. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatMessage } from '../../src/core/errors.js';
import { parseManuscript } from '../../src/manuscript/parse.js';

const BASE = readFileSync(new URL('inputs/interview.md', import.meta.url), 'utf8');
const errors = (text: string) =>
  parseManuscript(text, 'm.md')
    .file.messages.filter((m) => m.fatal)
    .map((m) => formatMessage(m));

describe('characters no edition can carry', () => {
  it('a control character, a noncharacter or a lone surrogate in the text is an error at its position', () => {
    const text = BASE.replace('よく覚えて', 'よく\u000c覚え\u0001て').replace('答えです', '答え\ud800です\uffff');
    expect(errors(text)).toEqual([
      'm.md:26:10: error: U+000C (a control character) cannot be printed or put in an EPUB: delete it (kumihan-manuscript:invalid-character)',
      'm.md:26:13: error: U+0001 (a control character) cannot be printed or put in an EPUB: delete it (kumihan-manuscript:invalid-character)',
      'm.md:34:10: error: U+D800 (half of a surrogate pair) cannot be printed or put in an EPUB: delete it (kumihan-manuscript:invalid-character)',
      'm.md:34:13: error: U+FFFF (a noncharacter) cannot be printed or put in an EPUB: delete it (kumihan-manuscript:invalid-character)',
    ]);
  });

  it('so does one written as a YAML escape in the front matter', () => {
    expect(errors(BASE.replace('title: 小さな対話', 'title: "小さな\\f対話"'))).toEqual([
      'm.md:2:8: error: front matter: U+000C (a control character) cannot be printed or put in an EPUB (kumihan-manuscript:invalid-character)',
    ]);
  });

  it('tabs, line breaks, astral characters and U+FFFD are text', () => {
    expect(errors(BASE.replace('答えです', '答え\tです𠮷\ufffd'))).toEqual([]);
  });
});

describe('images and links', () => {
  // Issue 15: pictures are read from the manuscript's directory only, in a paragraph of their own.
  it('an image is refused at its position: remote, outside, absolute, or inside a sentence', () => {
    const reasons: Array<[string, RegExp]> = [
      ['http://evil.example/x.png', /pictures are never fetched.*\(kumihan-manuscript:image\)$/],
      ['../../etc/passwd', /leads outside the manuscript's directory \(kumihan-manuscript:image\)$/],
      ['photo.png', /must stand in a paragraph of its own.*\(kumihan-manuscript:image-inline\)$/],
      ['/abs/photo.png', /relative to the manuscript.*\(kumihan-manuscript:image\)$/],
    ];
    for (const [src, reason] of reasons) {
      const found = errors(BASE.replace('よく覚えています。', `よく覚えています。![写真](${src})`));
      expect(found).toHaveLength(1);
      expect(found[0]).toMatch(new RegExp(`^m\\.md:26:17: error: picture “${src.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}”`));
      expect(found[0]).toMatch(reason);
    }
  });

  it('links must be absolute http(s) or mailto', () => {
    expect(errors(BASE.replace('答えです', '[答え](javascript:alert(1))です'))).toEqual([
      'm.md:34:8: error: link to “javascript:alert(1)”: only http://, https:// and mailto: links are allowed (kumihan-manuscript:link)',
    ]);
    expect(errors(BASE.replace('答えです', '[答え](../secret.html)です'))[0]).toMatch(/^m\.md:34:8: error: link to “\.\.\/secret\.html”/);
    expect(errors(BASE.replace('答えです', '[答え](https://example.com/) <mailto:a@example.com>です'))).toEqual([]);
  });

  it('an image reference without a definition, or with one, stays text', () => {
    expect(errors(BASE.replace('答えです', '![写真][p]です') + '\n[p]: http://evil.example/x.png\n')).toEqual([]);
  });
});
