/**
 * The one schema of a manuscript's front matter: its types, its defaults and its documentation.
 * Every option name used anywhere in kumihan comes from here.
 */
import * as v from 'valibot';
import { quoteText } from '../core/text.js';

/** Page sizes the print edition knows, in millimetres (width × height). */
export const PAGE_SIZES = {
  A5: { width: 148, height: 210 },
  bunko: { width: 105, height: 148 },
  shinsho: { width: 103, height: 182 },
  B6: { width: 128, height: 182 },
} as const;
export type PageSize = keyof typeof PAGE_SIZES;

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Why `text` is not a real calendar date written YYYY-MM-DD, or undefined when it is one.
 * 2024-13-45 and 2023-02-30 are refused here: downstream they became 「13月45日」, PDF dates
 * `D:0NaNNaN…` and zip dates 1980-00-00.
 */
export function calendarDateProblem(text: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return 'a date must be written YYYY-MM-DD';
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year === 0) return `${text} is not a date: there is no year 0000`;
  if (month < 1 || month > 12) return `${text} is not a date: there is no month ${match[2]}`;
  const days = daysInMonth(year, month);
  if (day < 1 || day > days) return `${text} is not a date: ${year}-${match[2]} has ${days} days`;
  return undefined;
}

/** Days in `month` (1–12) of `year` in the Gregorian calendar. */
function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : MONTH_DAYS[month - 1]!;
}

/** True when year, month and day name a real calendar date (year 1 or later): the numbers behind `calendarDateProblem`. */
export function isCalendarDate(year: number, month: number, day: number): boolean {
  if (![year, month, day].every(Number.isInteger) || year < 1 || month < 1 || month > 12) return false;
  return day >= 1 && day <= daysInMonth(year, month);
}

const isoDate = v.pipe(
  v.union([v.string(), v.date()]),
  v.transform((value) => (value instanceof Date ? value.toISOString().slice(0, 10) : value)),
  v.rawCheck(({ dataset, addIssue }) => {
    const problem = dataset.typed ? calendarDateProblem(dataset.value) : undefined;
    if (problem) addIssue({ message: problem });
  }),
);

// RFC 5646 §2.1: grandfathered tags that do not follow the langtag syntax.
const IRREGULAR_TAGS = new Set(['en-gb-oed', 'i-ami', 'i-bnn', 'i-default', 'i-enochian', 'i-hak', 'i-klingon', 'i-lux', 'i-mingo', 'i-navajo', 'i-pwn', 'i-tao', 'i-tay', 'i-tsu', 'sgn-be-fr', 'sgn-be-nl', 'sgn-ch-de']);

/**
 * True for a well-formed BCP 47 language tag (RFC 5646 §2.1: `ja`, `ja-JP`, `zh-Hant-TW`,
 * `de-CH-1996`, `x-private`); the subtag registry is not consulted. One pass over the subtags,
 * each a short anchored pattern: the tag reaches HTML `lang`, the EPUB's `dc:language` and the PDF.
 */
export function isLanguageTag(tag: string): boolean {
  if (IRREGULAR_TAGS.has(tag.toLowerCase())) return true;
  const subtags = tag.split('-');
  let i = 0;
  const next = (pattern: RegExp) => (i < subtags.length && pattern.test(subtags[i]!) ? (i++, true) : false);
  const privateUse = () => {
    if (!next(/^x$/i)) return false;
    if (!next(/^[a-z0-9]{1,8}$/i)) return false;
    while (next(/^[a-z0-9]{1,8}$/i));
    return true;
  };
  if (privateUse()) return i === subtags.length;
  if (next(/^[a-z]{2,3}$/i)) {
    for (let extlang = 0; extlang < 3 && next(/^[a-z]{3}$/i); extlang++);
  } else if (!next(/^[a-z]{4,8}$/i)) return false;
  next(/^[a-z]{4}$/i);
  next(/^(?:[a-z]{2}|\d{3})$/i);
  while (next(/^(?:[a-z0-9]{5,8}|\d[a-z0-9]{3})$/i));
  while (next(/^[0-9a-wy-z]$/i)) {
    if (!next(/^[a-z0-9]{2,8}$/i)) return false;
    while (next(/^[a-z0-9]{2,8}$/i));
  }
  if (i < subtags.length && !privateUse()) return false;
  return i === subtags.length;
}

/**
 * A reading (読み) for sorting, in kana: stores sort Japanese titles and names by it
 * (`file-as` in the EPUB). Hiragana or katakana, with ー ・ ＝ and spaces.
 */
const reading = v.pipe(
  v.string(),
  v.regex(/^[\p{Script=Hiragana}\p{Script=Katakana}ー・＝ \u3000]+$/u, 'a reading is written in kana (hiragana or katakana)'),
);

/**
 * A BCP 47 language tag (`ja`, `ru`, `en-US`, `zh-Hant`), checked by `isLanguageTag`: the one
 * validator of every language field (`lang`, `source_language`).
 */
const languageTag = v.pipe(
  v.string(),
  v.check(isLanguageTag, (issue) => `${quoteText(String(issue.input))} is not a BCP 47 language tag (such as ja, ja-JP, ru or zh-Hant)`),
);

export const SpeakerSchema = v.object({
  /** Stable id used in markup (`data-speaker`), ASCII. */
  id: v.pipe(v.string(), v.regex(/^[a-z][a-z0-9-]*$/, 'speaker id must be lowercase ASCII (a-z, 0-9, -)')),
  /** The label printed in the book before each of this speaker's turns. */
  label: v.pipe(v.string(), v.minLength(1)),
  /** Full name, when the label is shortened. */
  name: v.optional(v.string()),
  /** The medium a reporter works for (kept apart from the name; the label need not print it). */
  outlet: v.optional(v.string()),
  /** Interviewer turns start questions; a moderator's turns never do. */
  role: v.optional(v.picklist(['interviewer', 'interviewee', 'moderator', 'other']), 'other'),
  /** Every label variant seen in the transcript; any of them may start a turn in the manuscript. */
  aliases: v.optional(v.array(v.string()), []),
});
export type Speaker = v.InferOutput<typeof SpeakerSchema>;

export const EditionSchema = v.object({
  /** Edition and printing, e.g. 初版第1刷. */
  edition: v.pipe(v.string(), v.minLength(1)),
  date: isoDate,
  note: v.optional(v.string()),
});
export type Edition = v.InferOutput<typeof EditionSchema>;

export const FrontMatterSchema = v.object({
  title: v.pipe(v.string(), v.minLength(1, 'title must not be empty')),
  subtitle: v.optional(v.string()),
  /** The running head (柱) over the versos of the print edition; without it the title is cut at a phrase boundary. */
  short_title: v.optional(v.string()),
  /** The medium that conducted the interview (TV channel, newspaper). */
  outlet: v.optional(v.string()),
  /** Interview date, YYYY-MM-DD. */
  date: v.optional(isoDate),
  place: v.optional(v.string()),
  /** Language of the text, a BCP 47 tag (ja, ja-JP). */
  lang: v.optional(languageTag, 'ja'),
  interviewee: v.optional(v.string()),
  interviewer: v.optional(v.string()),
  translator: v.optional(v.string()),
  /** The source is a translation (the importer sets it when the title carried 【翻訳】). */
  translation: v.optional(v.boolean('write true or false')),
  /** The language of the original, a BCP 47 tag (`ru`): "translated from" in the EPUB and the 奥付. */
  source_language: v.optional(languageTag),
  /** 発行所: the publishing house (`dc:publisher`). */
  publisher: v.optional(v.string()),
  /** 発行者: the person responsible for the publication. */
  issuer: v.optional(v.string()),
  /** 連絡先: how readers reach the publisher (address, URL, e-mail), printed as written. */
  contact: v.optional(v.string()),
  /** 印刷所: the printer (print edition only). */
  printer: v.optional(v.string()),
  /** The rights statement, printed and put in `dc:rights` as written (`© 2026 山田花子`); nothing is invented when absent. */
  rights: v.optional(v.string()),
  description: v.optional(v.string()),
  /** Publication date (`dc:date`), YYYY-MM-DD; default: the first edition's date. */
  published: v.optional(isoDate),
  /** Readings (読み) for sorting: `file-as` in the EPUB. */
  title_reading: v.optional(reading),
  interviewee_reading: v.optional(reading),
  interviewer_reading: v.optional(reading),
  translator_reading: v.optional(reading),
  publisher_reading: v.optional(reading),
  /** The series the book belongs to (`belongs-to-collection`), its reading and the book's number in it. */
  series: v.optional(v.pipe(v.string(), v.minLength(1, 'series must not be empty'))),
  series_reading: v.optional(reading),
  series_position: v.optional(v.pipe(v.number('a position is a number: 1, 2, …'), v.integer('a position is a whole number'), v.minValue(1, 'a position starts at 1'))),
  /** Stable book identifier (`urn:uuid:…`); derived from the title when absent. */
  identifier: v.optional(v.pipe(v.string(), v.regex(/^urn:uuid:[0-9a-f-]{36}$/i, 'identifier must be urn:uuid:…'))),
  source: v.optional(
    v.object({
      timestamp: v.optional(v.string()),
      document: v.optional(v.string()),
      url: v.optional(v.string()),
      file: v.optional(v.string()),
      /** The transcript was a Word document or a web page (`docx`, `html`). */
      format: v.optional(v.picklist(['docx', 'html'])),
    }),
  ),
  /**
   * What the importer left out of the body, so nothing is silently lost: each platform line by its
   * `reason` (the text is in the transcript; `kumihan import --verbose` shows it), page text outside
   * a web page's article by its `text` as well.
   */
  removed: v.optional(v.array(v.object({ reason: v.string(), text: v.optional(v.string()) }))),
  speakers: v.pipe(v.array(SpeakerSchema), v.minLength(1, 'at least one speaker is needed')),
  editions: v.pipe(v.array(EditionSchema), v.minLength(1, 'at least one edition is needed')),
  /** Cover photo (JPEG, PNG or WebP), relative to the manuscript: the print cover and the EPUB cover are made from it. */
  cover: v.optional(v.pipe(v.string(), v.minLength(1, 'cover must be a path to a picture'))),
  /** Print page size. */
  size: v.optional(v.picklist(Object.keys(PAGE_SIZES) as [PageSize, ...PageSize[]]), 'A5'),
  /** Two columns (段組) — A5 only. */
  columns: v.optional(v.picklist([1, 2]), 1),
  /**
   * How turns are set: `run-in` (the label opens the first line, later lines one character in) or
   * `hanging` (every line at an indent that fits the longest label, at most 6 characters; a longer
   * label on its own line). Default: hanging for a book with parts or more than two speakers.
   */
  turn_layout: v.optional(v.picklist(['hanging', 'run-in'])),
});
export type FrontMatter = v.InferOutput<typeof FrontMatterSchema>;
