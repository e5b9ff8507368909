/**
 * Facts for the front matter from the transcript's header: title, outlet, place, date. Each
 * rule looks for one explicit pattern and otherwise leaves the field out — an absent field is
 * easier for an editor to notice than a wrong one.
 */
import path from 'node:path';
import * as v from 'valibot';
import { FrontMatterSchema } from '../config/schema.js';
import { KumihanError } from '../core/errors.js';
import { isSpaceAt, skipBackward, skipForward } from '../core/scan.js';
import type { SpeakerInfo } from './speaker-clustering.js';
import { findJapaneseDate, findTranslation, matchTitlePrefix, type SourceLine } from './lines.js';
import type { SourceParagraph } from './model.js';

/** Front-matter facts the transcript's header states itself (src/import/header.ts reads them). */
export interface HeaderFacts {
  title?: string;
  subtitle?: string;
  date?: string;
  timestamp?: string;
  document?: string;
  /** The headline's platform tag says the text is a translation (【翻訳】). */
  translation?: boolean;
}

/** A headline split into the parts that go to different fields, with their offsets in the headline. */
export interface Headline {
  /** Platform tag such as `【翻訳】`, dropped. */
  prefix?: { text: string; index: number };
  /** A leading date clause (`2023年5月17日、`), moved to `date`. */
  date?: { text: string; index: number; value: string };
  title: { text: string; index: number };
  /** Text after a dash separator (`――`), moved to `subtitle`. */
  subtitle?: { text: string; index: number };
  /** The separator between title and subtitle, dropped. */
  separator?: { text: string; index: number };
}

/** Splits a headline into platform prefix, leading date clause, title and subtitle. */
export function splitHeadline(headline: string): Headline {
  const result: Partial<Headline> = {};
  let index = 0;
  const prefix = matchTitlePrefix(headline);
  if (prefix) {
    result.prefix = { text: prefix, index };
    index += prefix.length;
  }
  // A leading date repeats the `date` field; a book title does not start with one.
  const date = findJapaneseDate(headline.slice(index));
  if (date && date.index === 0) {
    const clause = date.match + /^[、，,\s\u3000]*/.exec(headline.slice(index + date.match.length))![0];
    if (clause.length < headline.length - index) {
      result.date = { text: clause, index, value: date.date };
      index += clause.length;
    }
  }
  const rest = headline.slice(index);
  const separator = findSeparator(rest);
  if (separator && separator.index > 0 && separator.index + separator.text.length < rest.length) {
    result.title = { text: rest.slice(0, separator.index), index };
    result.subtitle = { text: rest.slice(separator.index + separator.text.length), index: index + separator.index + separator.text.length };
    result.separator = { text: separator.text, index: index + separator.index };
  } else {
    result.title = { text: rest, index };
  }
  return result as Headline;
}

/**
 * The first title/subtitle separator of a headline: a doubled dash (―― —— ──) with any spaces
 * around it, or a single dash (- – —) between spaces. A scan, not the regex
 * `[\s]*(?:――)[\s]*|[\s]+-[\s]+`, which re-read a run of spaces from every position in it.
 */
export function findSeparator(text: string): { text: string; index: number } | undefined {
  for (let dash = 0; dash < text.length; dash++) {
    if (!DASHES.has(text[dash]!)) continue;
    const start = skipBackward(text, dash, isSpaceAt);
    const pair = (DOUBLE_DASH.has(text[dash]!) && DOUBLE_DASH.has(text[dash + 1]!)) || (text[dash] === '─' && text[dash + 1] === '─');
    if (pair) return { index: start, text: text.slice(start, skipForward(text, dash + 2, isSpaceAt)) };
    if (start < dash && SINGLE_DASH.has(text[dash]!) && isSpaceAt(text, dash + 1)) return { index: start, text: text.slice(start, skipForward(text, dash + 1, isSpaceAt)) };
  }
  return undefined;
}
const DOUBLE_DASH = new Set('―—');
const SINGLE_DASH = new Set('-–—');
const DASHES = new Set('―—─-–');

// A medium's name: a run of these characters ending in one of the words for a medium.
const OUTLET_CHAR = /[\p{Script=Katakana}\p{Script=Han}A-Za-zＡ-Ｚａ-ｚ0-9０-９ー・]/u;
const OUTLET_WORDS = ['TV', 'ＴＶ', 'テレビ', 'ラジオ', '新聞', '通信', '放送', 'タイムズ', 'ポスト', 'ジャーナル'];
const OUTLET_SUFFIXES = ['チャンネル', '局'];

/**
 * The first medium named in a text (`ツァルグラードTVチャンネル`): the run of name characters
 * holding it, from its start to the first medium word after at least one character. Each run is
 * read once; the lazy regex this replaces re-read a long run of letters from every position in it.
 */
function findOutlet(text: string): { text: string; index: number } | undefined {
  let i = 0;
  while (i < text.length) {
    const start = i;
    while (i < text.length && OUTLET_CHAR.test(String.fromCodePoint(text.codePointAt(i)!))) i += text.codePointAt(i)! > 0xffff ? 2 : 1;
    for (let k = start + 1; k < i; k++) {
      const word = OUTLET_WORDS.find((w) => text.startsWith(w, k));
      if (!word) continue;
      const end = k + word.length;
      const suffix = OUTLET_SUFFIXES.find((w) => text.startsWith(w, end));
      return { index: start, text: text.slice(start, end + (suffix?.length ?? 0)) };
    }
    if (i === start) i++;
  }
  return undefined;
}

/** The medium named in a text (`ツァルグラードTVチャンネルで` → `ツァルグラードTV`), and the place right before it (`モスクワの`). */
export function findOutletAndPlace(text: string): { outlet?: string; place?: string } {
  const found = findOutlet(text);
  if (!found) return {};
  const outlet = found.text.replace(/(?:チャンネル|局)$/u, '');
  // Only the `<place>の<outlet>` shape gives a place; anything looser names people as places.
  const before = /(?:^|[、，,\s\u3000])([\p{Script=Katakana}\p{Script=Han}ー・]{2,10})の$/u.exec(text.slice(0, found.index));
  return { outlet, ...(before ? { place: before[1] } : {}) };
}

/** The date (YYYY-MM-DD) the interview took place, from the first text that states one. */
export function findInterviewDate(texts: readonly string[]): string | undefined {
  for (const text of texts) {
    const date = findJapaneseDate(text);
    if (date) return date.date;
  }
  return undefined;
}

/** Today's local date as YYYY-MM-DD (the first edition's date). */
export function localToday(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Assembles and validates the front matter; optional fields are left out when nothing states them. */
export function buildFrontMatter(input: {
  facts: HeaderFacts;
  headline: SourceLine | undefined;
  lead: readonly SourceParagraph[];
  speakers: readonly SpeakerInfo[];
  /** Lines left out of the body: platform boilerplate (with its transcript line), page text outside the article (without). */
  removed?: readonly { line?: number; text: string; reason: string }[];
  /** The source was a Word document or a web page. */
  format?: 'docx' | 'html';
  path: string;
  today: string;
}): Record<string, unknown> {
  const { facts, headline, lead, speakers } = input;
  const removed = input.removed ?? [];
  // A translation says so in its title tag (【翻訳】), a machine-translation note, or a 「ロシア語からの翻訳」.
  const notes = removed.filter((r) => r.reason === 'machine-translation note').map((r) => r.text);
  const language = [headline?.text ?? '', ...notes, ...lead.map((p) => p.text)].map(findTranslation).find(Boolean)?.language;
  const translation = facts.translation === true || notes.length > 0 || language !== undefined;
  // A joint press conference or a 対談 has several: all are named, in order of appearance.
  const interviewees = speakers.filter((s) => s.role === 'interviewee' && s.personal).map((s) => s.name ?? s.label);
  const intervieweeName = interviewees.length ? interviewees.join('、') : undefined;
  const texts = [headline?.text ?? '', ...lead.map((p) => p.text)];
  const { outlet, place } = texts.map(findOutletAndPlace).find((found) => found.outlet) ?? {};
  const date = facts.date ?? findInterviewDate(texts);
  const frontMatter: Record<string, unknown> = {
    // Without a headline the title is a placeholder the no-title warning points at.
    title: facts.title || (intervieweeName ? `${intervieweeName}インタビュー` : path.parse(input.path).name),
    ...(facts.subtitle ? { subtitle: facts.subtitle } : {}),
    ...(outlet ? { outlet } : {}),
    ...(date ? { date } : {}),
    ...(place ? { place } : {}),
    lang: 'ja',
    ...(translation ? { translation: true } : {}),
    ...(language ? { source_language: language } : {}),
    ...(intervieweeName ? { interviewee: intervieweeName } : {}),
    source: {
      ...(facts.timestamp ? { timestamp: facts.timestamp } : {}),
      ...(facts.document ? { document: facts.document } : {}),
      file: path.basename(input.path),
      ...(input.format ? { format: input.format } : {}),
    },
    ...(removed.length ? { removed: removed.map((r) => (r.line !== undefined ? { reason: r.reason } : { text: r.text, reason: r.reason })) } : {}),
    speakers: speakers.map((s) => ({ id: s.id, label: s.label, ...(s.name ? { name: s.name } : {}), ...(s.outlet ? { outlet: s.outlet } : {}), role: s.role, aliases: s.aliases })),
    editions: [{ edition: '初版第1刷', date: input.today, note: '初版' }],
  };
  const checked = v.safeParse(FrontMatterSchema, frontMatter);
  if (!checked.success) {
    const issue = checked.issues[0];
    if (issue.path?.some((p) => p.key === 'editions')) throw new KumihanError(`the edition date must be YYYY-MM-DD, not ${JSON.stringify(input.today)}`);
    throw new Error(`importer produced invalid front matter: ${issue.message}`);
  }
  return frontMatter;
}
