/** Text folded for searching across editions and PDF extraction: widths, spaces and break marks removed. */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\s\u200b\u3000]/g, '')
    .replace(/[―—–-]/g, '―');
}
