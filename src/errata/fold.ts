/** Text folded for searching across editions and PDF extraction. */
import { foldForComparison } from '../transform/typography-fold.js';

/** The typography fold (widths, dashes, ellipses, quotes) with every space and line break removed too. */
export function foldForSearch(text: string): string {
  return foldForComparison(text).replace(/[\s\u3000]/g, '');
}
