/**
 * A comparison key for text that the typography pass may have re-set but must not have changed in
 * meaning. Tests compare `foldForComparison(input)` with `foldForComparison(plain text of output)`.
 */

/**
 * Folds away every difference the typography rules are allowed to make: character widths
 * (NFKC: `？`→`?`, `１２`→`12`, `：`→`:`, `．`→`.`), dash spellings (`――`, `—`, `--`, `ーー`),
 * ellipsis spellings (`……`, `…`, `...`, `・・・`), quotation marks (`〝〟`, `“”` → `"`), and
 * the spacing after `?`/`!`. Ruby readings and `<wbr>` are markup: take the text without them
 * first (`plainText` in flow.ts).
 */
export function foldForComparison(text: string): string {
  return (
    text
      .normalize('NFKC')
      .replace(/\u200B/g, '')
      .replace(/[〝〞〟“”„‟″]/g, '"')
      .replace(/[‘’‛′]/g, "'")
      // Runs of two or more dash-like characters, or one real dash, are all "a dash". A single
      // hyphen or a single ー stays: those are word-internal, never a dash.
      .replace(/[-‐‑‒–—―─━ー]{2,}|[—―─━]/g, '—')
      // NFKC has already spelled … as "...", so a run of dots or of ・ (3+) is an ellipsis.
      .replace(/\.{2,}|・{3,}/g, '…')
      .replace(/([?!]) +/g, '$1')
  );
}
