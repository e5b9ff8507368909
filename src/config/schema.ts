/**
 * The one schema of a manuscript's front matter: its types, its defaults and its documentation.
 * Every option name used anywhere in kumihan comes from here.
 */
import * as v from 'valibot';

/** Page sizes the print edition knows, in millimetres (width × height). */
export const PAGE_SIZES = {
  A5: { width: 148, height: 210 },
  bunko: { width: 105, height: 148 },
  shinsho: { width: 103, height: 182 },
  B6: { width: 128, height: 182 },
} as const;
export type PageSize = keyof typeof PAGE_SIZES;

const isoDate = v.pipe(
  v.union([v.string(), v.date()]),
  v.transform((value) => (value instanceof Date ? value.toISOString().slice(0, 10) : value)),
  v.regex(/^\d{4}-\d{2}-\d{2}$/, 'a date must be written YYYY-MM-DD'),
);

export const SpeakerSchema = v.object({
  /** Stable id used in markup (`data-speaker`), ASCII. */
  id: v.pipe(v.string(), v.regex(/^[a-z][a-z0-9-]*$/, 'speaker id must be lowercase ASCII (a-z, 0-9, -)')),
  /** The label printed in the book before each of this speaker's turns. */
  label: v.pipe(v.string(), v.minLength(1)),
  /** Full name, when the label is shortened. */
  name: v.optional(v.string()),
  role: v.optional(v.picklist(['interviewer', 'interviewee', 'other']), 'other'),
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
  /** The medium that conducted the interview (TV channel, newspaper). */
  outlet: v.optional(v.string()),
  /** Interview date, YYYY-MM-DD. */
  date: v.optional(isoDate),
  place: v.optional(v.string()),
  lang: v.optional(v.string(), 'ja'),
  interviewee: v.optional(v.string()),
  interviewer: v.optional(v.string()),
  translator: v.optional(v.string()),
  publisher: v.optional(v.string()),
  rights: v.optional(v.string()),
  description: v.optional(v.string()),
  /** Stable book identifier (`urn:uuid:…`); derived from the title when absent. */
  identifier: v.optional(v.pipe(v.string(), v.regex(/^urn:uuid:[0-9a-f-]{36}$/i, 'identifier must be urn:uuid:…'))),
  source: v.optional(
    v.object({
      timestamp: v.optional(v.string()),
      document: v.optional(v.string()),
      url: v.optional(v.string()),
      file: v.optional(v.string()),
    }),
  ),
  speakers: v.pipe(v.array(SpeakerSchema), v.minLength(1, 'at least one speaker is needed')),
  editions: v.pipe(v.array(EditionSchema), v.minLength(1, 'at least one edition is needed')),
  /** Cover photo (JPEG, PNG or WebP), relative to the manuscript: the print cover and the EPUB cover are made from it. */
  cover: v.optional(v.pipe(v.string(), v.minLength(1, 'cover must be a path to a picture'))),
  /** Print page size. */
  size: v.optional(v.picklist(Object.keys(PAGE_SIZES) as [PageSize, ...PageSize[]]), 'A5'),
  /** Two columns (段組) — A5 only. */
  columns: v.optional(v.picklist([1, 2]), 1),
});
export type FrontMatter = v.InferOutput<typeof FrontMatterSchema>;
