/**
 * Character classes of the typography rules: which characters count as Japanese, and whether a
 * run of text sits in Japanese or in a Latin phrase.
 */

// Kana (with ー and ・), kanji, CJK symbols and punctuation (、。「」〝〟々〆…), half-width katakana.
// Not evidence of Japanese text: the ideographic space, the full-width forms of ASCII (？（）：
// １２ Ａ), and dashes and ellipses (― — …). The rules themselves produce those from half-width
// characters; if they counted, a second run would see new Japanese neighbours and decide
// differently (`(9` → `(９` → `（９`), and the pass would not be idempotent.
const JAPANESE = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}\u3001-\u303F\u3040-\u30FF\u31F0-\u31FF\uFF5F-\uFF9F\uFFE0-\uFFE6]/u;
const LETTER = /\p{L}/u;

/** True for a character that marks Japanese text (kana, kanji, CJK punctuation; see above). */
export function isJapanese(char: string | undefined): boolean {
  return char !== undefined && JAPANESE.test(char);
}

/**
 * Whether the run `text[start, end)` sits in Japanese or in Latin text. An immediate Japanese
 * neighbour makes it Japanese (`20年`, `Uターン`). Otherwise the nearest letter on each side,
 * looking past spaces, digits and ASCII punctuation, decides: a Latin letter on either side means
 * a Latin phrase (`Windows 10 update`, `NATO summit`); none at all (`17.05.2023 10:15` alone on a
 * line) counts as Japanese, because the book is Japanese.
 */
export function contextOf(text: string, start: number, end: number): 'japanese' | 'latin' {
  if (isJapanese(text[start - 1]) || isJapanese(text[end])) return 'japanese';
  const nearest = (from: number, step: 1 | -1): 'japanese' | 'latin' | undefined => {
    for (let i = from; i >= 0 && i < text.length; i += step) {
      const char = text[i]!;
      if (char === '\n') return undefined;
      if (isJapanese(char)) return 'japanese';
      if (LETTER.test(char)) return 'latin';
    }
    return undefined;
  };
  return nearest(start - 1, -1) === 'latin' || nearest(end, 1) === 'latin' ? 'latin' : 'japanese';
}
