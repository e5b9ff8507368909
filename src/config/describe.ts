/** Plain-text facts derived from the front matter, shared by every writer (PDF, EPUB, errata). */
import type { Edition, FrontMatter } from './schema.js';

/** 2023-05-17 → 2023年5月17日 (the typography pass sets the digits upright). */
export function formatJapaneseDate(iso: string): string {
  const [year, month, day] = iso.split('-').map(Number);
  return `${year}年${month}月${day}日`;
}

/** The current edition: the one with the latest date (the last listed wins a tie). */
export function newestEdition(meta: FrontMatter): Edition {
  const [first, ...rest] = meta.editions;
  if (!first) throw new Error('front matter has no edition');
  return rest.reduce((newest, edition) => (edition.date >= newest.date ? edition : newest), first);
}

/** The interviewee: `meta.interviewee`, else the full name of the speaker with the interviewee role. */
export function intervieweeName(meta: FrontMatter): string | undefined {
  return meta.interviewee ?? meta.speakers.find((speaker) => speaker.role === 'interviewee')?.name;
}

/** One sentence about the book: `description`, else who interviewed whom, when and where. */
export function describeBook(meta: FrontMatter): string {
  const given = meta.description?.trim();
  if (given) return given;
  const interviewee = intervieweeName(meta);
  const when = meta.date ? `${formatJapaneseDate(meta.date)}、` : '';
  const where = meta.place ? `${meta.place}で` : '';
  // 「…が行った」 only when someone conducted it: 「山田へのインタビュー」, not 「行った山田への…」.
  const who = meta.outlet ? `${meta.outlet}が行った` : '';
  const whom = interviewee ? `${interviewee}への` : '';
  const translated = meta.translator ? `（${meta.translator}訳）` : '';
  if (!when && !where && !who && !whom) return `${meta.title}${meta.subtitle ? `　${meta.subtitle}` : ''}${translated}`;
  return `${when}${where}${who}${whom}インタビュー${translated}。`;
}
