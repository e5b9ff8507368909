/** Plain-text facts derived from the front matter, shared by every writer (PDF, EPUB, errata). */
import { shortenAtPhrase } from '../core/phrases.js';
import { isCalendarDate, type Edition, type FrontMatter } from './schema.js';

/** 2023-05-17 → 2023年5月17日 (the typography pass sets the digits upright). */
export function formatJapaneseDate(iso: string): string {
  const [year, month, day] = iso.split('-').map(Number);
  return `${year}年${month}月${day}日`;
}

/**
 * A source's timestamp as a Japanese date: `17.05.2023 10:15` → 2023年5月17日 10時15分. Reads
 * DD.MM.YYYY (the Russian and German order), YYYY-MM-DD and YYYY/MM/DD, each with an optional
 * HH:MM; anything else is returned as written (it is information, not something to guess at).
 */
export function formatSourceTimestamp(text: string): string {
  const trimmed = text.trim();
  const dotted = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:[ T\u3000]+(\d{1,2}):(\d{2}))?$/u.exec(trimmed);
  const iso = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T\u3000]+(\d{1,2}):(\d{2}))?$/u.exec(trimmed);
  const parts = dotted ? [dotted[3], dotted[2], dotted[1], dotted[4], dotted[5]] : iso ? iso.slice(1, 6) : undefined;
  if (!parts) return text;
  const [year, month, day, hour, minute] = parts.map((part) => (part === undefined ? undefined : Number(part)));
  if (!isCalendarDate(year!, month!, day!) || (hour !== undefined && (hour > 23 || minute! > 59))) return text;
  const date = `${year}年${month}月${day}日`;
  return hour === undefined ? date : `${date} ${hour}時${String(minute).padStart(2, '0')}分`;
}


/** The Japanese name of a language (`ru` → ロシア語), or the tag itself when ICU has none. */
export function languageName(tag: string): string {
  try {
    return new Intl.DisplayNames(['ja'], { type: 'language', fallback: 'code' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}

/** The first published date (`dc:date`): `published`, else the oldest edition's date. */
export function publicationDate(meta: FrontMatter): string {
  if (meta.published) return meta.published;
  const [first, ...rest] = meta.editions;
  if (!first) throw new Error('front matter has no edition');
  return rest.reduce((oldest, edition) => (edition.date < oldest.date ? edition : oldest), first).date;
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
  const translation = [
    meta.source_language ? `${languageName(meta.source_language)}からの翻訳` : meta.translation ? '翻訳' : undefined,
    meta.translator ? `${meta.translator}訳` : undefined,
  ].filter(Boolean);
  const translated = translation.length ? `（${translation.join('、')}）` : '';
  if (!when && !where && !who && !whom) return `${meta.title}${meta.subtitle ? `　${meta.subtitle}` : ''}${translated}`;
  return `${when}${where}${who}${whom}インタビュー${translated}。`;
}

/** Characters of the title a cover holds: past this its frame overflows, so the cover shows it shortened. */
export const COVER_TITLE_MAX = 60;

/**
 * The title as the covers (print and EPUB image) show it: whole up to `COVER_TITLE_MAX`
 * characters, else cut at a phrase boundary (by character when even the first phrase is longer)
 * and ended with …. The title page, metadata and running heads keep it whole; the reader warns.
 */
export function coverTitle(title: string): string {
  if ([...title].length <= COVER_TITLE_MAX) return title;
  const short = [...shortenAtPhrase(title, COVER_TITLE_MAX - 1)];
  return `${short.slice(0, COVER_TITLE_MAX - 1).join('')}…`;
}
