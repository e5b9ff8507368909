import type { Element, ElementContent, Root } from 'hast';
import { h } from 'hastscript';
import { toHtml } from 'hast-util-to-html';
import { visit } from 'unist-util-visit';
import fc from 'fast-check';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import {
  applyTypography,
  foldForComparison,
  rehypeBudoux,
  rehypePunctuation,
  rehypeRuby,
  rehypeTcy,
  rehypeTypography,
  rehypeUprightLatin,
  typographyPlugins,
  typographyPreset,
} from '../../../src/transform/preset.js';
import { hasClass, plainText } from '../../../src/transform/flow.js';
import { fragment, run, transcript, type Fragment } from './helpers.js';

function typeset(input: Fragment | Root, options = {}): { html: string; tree: Root; file: VFile } {
  const tree = !Array.isArray(input) && typeof input === 'object' && input.type === 'root' ? input : fragment(input as Fragment);
  const file = new VFile();
  applyTypography(tree, file, options);
  return { html: toHtml(tree), tree, file };
}

const tcy = (text: string) => `<span class="tcy">${text}</span>`;
const up = (text: string) => `<span class="upright">${text}</span>`;
const num = (html: string) => `<span class="num">${html}</span>`;

describe('typography preset', () => {
  it('lists the plugins in the order they must run', () => {
    expect(typographyPlugins).toEqual([rehypeRuby, rehypePunctuation, rehypeTcy, rehypeUprightLatin, rehypeBudoux]);
  });

  it('works as a unified preset, with or without options', () => {
    expect(run([rehypeTypography], h('h2.wrap-phrase', '外交は忘れ去られたのか')).html).toBe('<h2 class="wrap-phrase">外交は<wbr>忘れ去られたのか</h2>');
    expect(run([typographyPreset({ budouxBody: true })], '外交は忘れ去られたのか?20年').html).toBe(
      `<p>外交は<wbr>忘れ去られたのか？\u3000${tcy('20')}年</p>`,
    );
  });

  const cases: Array<[string, Fragment, string]> = [
    ['!? becomes full-width, then one 縦中横, then the space', '本当!?すごい', `<p>本当${tcy('！？')}\u3000すごい</p>`],
    ['ruby first: its base and reading are never touched', '{二十|にじゅう}年と{NATO|ナトー}は20年', `<p><ruby>二十<rt>にじゅう</rt></ruby>年と<ruby>NATO<rt>ナトー</rt></ruby>は${tcy('20')}年</p>`],
    ['label colon, initials and a question', 'S. V. ラヴロフ:作曲家、吟遊詩人?たくさん', `<p>${up('S.')} ${up('V.')} ラヴロフ：作曲家、吟遊詩人？\u3000たくさん</p>`],
    ['a timestamp line', '17.05.2023 10:15', `<p>${up('17.05.2023')} ${num(`${tcy('10')}${up(':')}${tcy('15')}`)}</p>`],
    ['parenthesised year', '(1991年の国境)', `<p>（${up('1991')}年の国境）</p>`],
    ['a heading: tcy, upright and phrase breaks together', h('h2.wrap-phrase', 'NATOは20年で変わったのか'), `<h2 class="wrap-phrase">${up('NATO')}は<wbr>${tcy('20')}年で<wbr>変わったのか</h2>`],
  ];

  it.each(cases)('%s', (_name, input, expected) => {
    expect(typeset(input).html).toBe(expected);
  });
});

describe('typography on the real transcript', () => {
  const source = transcript();
  const once = transcript();
  applyTypography(once.tree, once.file);
  const html = toHtml(once.tree);
  const paragraphs = once.tree.children as Element[];
  const line = (start: string) => toHtml(paragraphs[source.lines.findIndex((l) => l.startsWith(start))]!);

  it('reports nothing (the transcript has no ruby and no stray quote)', () => {
    expect(once.file.messages.map(String)).toEqual([]);
  });

  it('sets the header, labels, numbers, acronyms and initials', () => {
    expect(line('17.05.2023')).toBe(`<p>${up('17.05.2023')} ${num(`${tcy('10')}${up(':')}${tcy('15')}`)}</p>`);
    expect(line('939-')).toBe(`<p>${num(`${up('939')}-${up('17')}-${up('05')}-${up('2023')}`)}</p>`);
    expect(line('【翻訳】')).toContain(`${up('2023')}年${up('5')}月${tcy('17')}日、モスクワのツァルグラード${up('TV')}チャンネル`);
    expect(line('質問:まずは')).toMatch(/^<p>質問：まずは/);
    expect(line('とはいえ')).toContain(`（プーチンを除く${up('3')}人の署名者：${up('A')}・メルケル元ドイツ首相、${up('F')}・オランド`);
    expect(line('ヨーロッパは完全に')).toContain(`${up('J.')}ボレルが`);
    expect(line('彼らは「亜人」')).toContain('M.V.Podolyakは');
    expect(line('しかし、中国は200')).toBe(`<p>しかし、中国は${up('200')}近い国のうち${up('140')}の国にとって主要な貿易相手国である。</p>`);
    expect(line('米国は、20年')).toContain(`米国は、${tcy('20')}年にわたる`);
    expect(line('Q.:フランス')).toContain(`アジア太平洋地域への${up('U')}ターン`);
    expect(line('これは外交なのか')).toContain('これは外交なのか？\u3000第一に');
    expect(line('質問:今後の関係')).toContain('周知の事実です――あなたの同僚である');
    expect(line('質問:この組織は')).toBe('<p>質問：この組織は「崩壊した」と言われていますが……。</p>');
    expect(line('セルゲイ・ラブロフ:日常的に')).toContain('〝ロシアを仕留めなければならない〟');
    expect(line('フランスのマクロン大統領は、何年も')).toContain('（「cackles but no morning」）');
  });

  it('leaves no half-width ? ! ( ) : beside Japanese outside 縦中横', () => {
    const stray: string[] = [];
    visit(once.tree, 'element', (node: Element) => {
      if (hasClass(node, 'tcy')) return 'skip';
      for (const child of node.children) {
        if (child.type !== 'text') continue;
        const hit = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}][?!():]|[?!()][\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]/u.exec(child.value);
        if (hit) stray.push(hit[0]);
      }
      return undefined;
    });
    // `:` before a Japanese word stays only after a Latin label (`Q.:`), the importer's job.
    expect(stray).toEqual([]);
  });

  it('changes no text in meaning, paragraph by paragraph', () => {
    const before = source.lines.map(foldForComparison);
    const after = paragraphs.map((p) => foldForComparison(plainText(p)));
    expect(after).toEqual(before);
  });

  it('is idempotent', () => {
    const again = structuredClone(once.tree);
    applyTypography(again, new VFile());
    expect(toHtml(again)).toBe(html);
  });

  it('puts phrase breaks into body paragraphs only on request', () => {
    expect(html).not.toContain('<wbr>');
    const body = transcript();
    applyTypography(body.tree, body.file, { budouxBody: true });
    const withBreaks = toHtml(body.tree);
    expect(withBreaks.match(/<wbr>/g)?.length).toBeGreaterThan(1000);
    expect(withBreaks.replace(/<wbr>/g, '')).toBe(html);
  });

  it('matches the reviewed output', async () => {
    await expect(html.replace(/<\/p>/g, '</p>\n')).toMatchFileSnapshot('../../fixtures/transform/transcript.out.html');
  });
});

// Random text: kana, kanji, Latin, digits, spaces and every punctuation mark the rules touch.
const UNITS = [
  ...'あいうえおかきくけこさしすたちつてとなにのはまやらわをんっゃょ',
  ...'アイウエオカキクサシタナハマラワンッャョーヴ',
  ...'日本語外交大統領年月人国',
  ...'0123456789',
  ...'ABCENOSTUVXabcenost',
  ' ', '\u3000',
  ...'?!():;.,-/%"“”「」（）。、？！…―—ー・．：',
];
const text = fc.string({ unit: fc.constantFrom(...UNITS), maxLength: 30 });
const piece = fc.record({ kind: fc.constantFrom('text', 'em', 'span', 'wrap'), text });
const paragraph = fc.record({ pieces: fc.array(piece, { minLength: 1, maxLength: 4 }), heading: fc.boolean() });

function build({ pieces, heading }: { pieces: Array<{ kind: string; text: string }>; heading: boolean }): Element {
  const children: ElementContent[] = pieces.map(({ kind, text }) =>
    kind === 'text' ? { type: 'text', value: text } : kind === 'em' ? h('em', text) : kind === 'span' ? h('span', text) : h('span.wrap-phrase', text),
  );
  return heading ? h('h2.wrap-phrase', children) : h('p', children);
}

const runs = { seed: 20230517, numRuns: 400 };

describe('typography never changes the text in meaning (property)', () => {
  it('plain text, folded, is unchanged for random Japanese/Latin/digit/punctuation text', () => {
    fc.assert(
      fc.property(paragraph, fc.boolean(), (input, budouxBody) => {
        const element = build(input);
        const before = foldForComparison(plainText(element));
        const { tree } = typeset(element, { budouxBody });
        expect(foldForComparison(plainText(tree))).toBe(before);
      }),
      runs,
    );
  });

  it('running twice equals running once', () => {
    fc.assert(
      fc.property(paragraph, fc.boolean(), (input, budouxBody) => {
        const once = typeset(build(input), { budouxBody });
        const twice = typeset(structuredClone(once.tree), { budouxBody });
        expect(twice.html).toBe(once.html);
      }),
      runs,
    );
  });

  const kanji = fc.string({ unit: fc.constantFrom(...'日本語外交大統領'), minLength: 1, maxLength: 3 });
  const kana = fc.string({ unit: fc.constantFrom(...'にほんごがいこうだいとうりょう'), minLength: 1, maxLength: 4 });
  const annotation = fc.oneof(
    fc.tuple(kanji, kana).map(([base, reading]) => `{${base}|${reading}}`),
    kanji.chain((base) => fc.array(kana, { minLength: [...base].length, maxLength: [...base].length }).map((r) => `{${base}|${r.join('|')}}`)),
  );

  it('ruby round-trips: the output written back as {base|reading} is the input', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(text, annotation), { minLength: 1, maxLength: 5 }), (parts) => {
        const input = parts.join('');
        const { tree, file } = typeset(input);
        expect(file.messages.filter((m) => m.ruleId === 'ruby-syntax')).toEqual([]);
        expect(foldForComparison(withRubySyntax(tree))).toBe(foldForComparison(input));
      }),
      runs,
    );
  });
});

/** Plain text with each `<ruby>` written back in the manuscript syntax. */
function withRubySyntax(tree: Root): string {
  let out = '';
  visit(tree, (node) => {
    if (node.type === 'element' && node.tagName === 'ruby') {
      const bases: string[] = [];
      const readings: string[] = [];
      for (const child of node.children) {
        if (child.type === 'element' && child.tagName === 'rt') readings.push(plainText(child));
        else bases.push(child.type === 'text' ? child.value : plainText(child));
      }
      out += `{${bases.join('')}|${readings.join('|')}}`;
      return 'skip';
    }
    if (node.type === 'text') out += node.value;
    return undefined;
  });
  return out;
}
