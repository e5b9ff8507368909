/**
 * Speaker labels: finding them at line starts, and clustering their variants into speakers.
 *
 * A transcript writes the same speaker many ways (`質問:`, `Q.: `, `Q:`; `セルゲイ・ラブロフ:`,
 * `S. V. ラヴロフ:`). Nothing here knows any particular transcript: the rules are
 *
 * 1. A label is a short run (≤ 24 characters, ≤ 4 words) of letters, digits, spaces and name
 *    punctuation (・ . ＝ -) at the start of a line, followed by a half- or full-width colon. It
 *    has no sentence punctuation (。、「（ …), so a sentence with a colon in it is never a label.
 *    Not a label: digits before the colon (a time, `10:15`), `//` after it (a URL).
 *    The label may stand alone on its line (`質問：` or, for a known speaker, plain `質問`), its
 *    text on the next line. A leading dash (`――`) marks the interviewer in Japanese magazine
 *    style; the paragraph after such a question is the answer.
 * 2. Variants are merged when they normalise to the same key (NFKC, no spaces, middle dots or
 *    periods, ヴ-row and ワ → バ-row kana, initials dropped) or share a family name (the last name part;
 *    the first one for a kanji name written with a space). Interviewer words (質問, 問, Q, 記者,
 *    聞き手, インタビュアー …) form one speaker; answer words (Ａ, 答 …) another.
 * 3. A label seen only once that merges with nothing is not trusted as a speaker: it is kept as
 *    text and reported (`注：…` is more likely a note than a third speaker).
 * 4. The interviewer is the speaker using interviewer words; failing that the one whose turns end
 *    as questions (？, か) most often; failing that the one who speaks first (reported).
 */

import { printable } from '../core/text.js';

/** How a label is written. */
export type LabelStyle = 'colon' | 'own-line' | 'bare' | 'dash';

/** A possible speaker label found at the start of a line. */
export interface LabelCandidate {
  /** The label as written, trimmed (`S. V. ラヴロフ`, `Q.`, `――`). */
  label: string;
  style: LabelStyle;
  /** The raw characters the label takes up: label, colon and the spaces after it. */
  marker: string;
  /** The text after the marker; empty for a label alone on its line. */
  rest: string;
}

/** One occurrence of a candidate, with what the speaker said (for the who-asks rule). */
export interface LabelUse {
  label: string;
  style: LabelStyle;
  line: number;
  column: number;
  text: string;
}

export type Role = 'interviewer' | 'interviewee' | 'other';

/** A speaker as the importer identified it. */
export interface SpeakerInfo {
  id: string;
  /** Label printed in the book. */
  label: string;
  /** Full name, when the label is a shortened form of it. */
  name?: string;
  role: Role;
  /** Every variant seen, in order of first appearance. */
  aliases: string[];
  /** Number of labelled uses in the transcript. */
  uses: number;
  /** True when the labels name a person rather than a role (質問, Ａ). */
  personal: boolean;
}

/** Result of clustering label uses into speakers. */
export interface SpeakerAnalysis {
  speakers: SpeakerInfo[];
  /** Speaker of each accepted variant. */
  byVariant: Map<string, SpeakerInfo>;
  /** Uses not trusted as labels (kept as text), with the reason for the diagnostic. */
  rejected: { use: LabelUse; reason: string; report: boolean }[];
  /** Set when no rule decided the interviewer and the first speaker was assumed. */
  guessedInterviewer?: SpeakerInfo;
}

const NAME_CHARS = String.raw`\p{L}\p{M}\p{N} \u3000・･·.．＝=_＿\-‐`;
const LABEL_SHAPE = new RegExp(`^[${NAME_CHARS}]{1,24}$`, 'u');
const COLON_LABEL = new RegExp(`^([${NAME_CHARS}]{1,24}?)[ \\u3000]*[:：][ \\u3000]*`, 'u');
// ―― (U+2015), —— (U+2014), ── (U+2500) and their doubled stand-ins; one ― or — alone also occurs.
const DASH_LABEL = /^(?:[―—]{1,3}|─{2,3}|－{2,3}|ー{2,3})[ \u3000]*(?=\S)/u;

/** Normalised words that name the interviewer's role rather than a person. */
const INTERVIEWER_WORDS = new Set(['質問', '問', '問い', 'q', '記者', '聞き手', 'ききて', 'インタビュアー', 'インタビュワー', '司会', '編集部', 'interviewer', 'question']);
/** Normalised words that name the answering side's role. */
const ANSWER_WORDS = new Set(['a', '答', '答え', '回答', 'answer']);
/** Interviewer words worth printing as they are (a Latin `Q` is printed as written, too). */
const PRINTABLE_INTERVIEWER_WORDS = new Set(['質問', '問', '問い', '記者', '聞き手', 'インタビュアー', 'インタビュワー', '司会', '編集部']);

/** Recognises a label at the start of a trimmed line. */
export function matchLabel(text: string): LabelCandidate | undefined {
  const dash = DASH_LABEL.exec(text);
  if (dash) return { label: dash[0].trim(), style: 'dash', marker: dash[0], rest: text.slice(dash[0].length) };
  const colon = COLON_LABEL.exec(text);
  if (colon) {
    const label = colon[1]!.trim();
    const rest = text.slice(colon[0].length);
    if (isLabelShaped(label) && !/\d$/.test(label) && !rest.startsWith('//')) {
      return { label, style: rest === '' ? 'own-line' : 'colon', marker: colon[0], rest };
    }
    return undefined;
  }
  // A line that is nothing but a name is only a candidate; identifySpeakers decides. Pure
  // hiragana (はい, そうですね) is a short reply, not a name.
  if (text.length <= 16 && isLabelShaped(text) && !/^[\p{Script=Hiragana}ー\s]+$/u.test(text)) return { label: text, style: 'bare', marker: text, rest: '' };
  return undefined;
}

function isLabelShaped(label: string): boolean {
  return LABEL_SHAPE.test(label) && /\p{L}/u.test(label) && label.split(/[ \u3000]+/).length <= 4;
}

/** Comparison key of a label: NFKC, lower case, no separators, ヴ-row folded to バ-row. */
export function labelKey(label: string): string {
  return foldKana(label.normalize('NFKC').toLowerCase().replace(/[\s・･·.=＝_\-‐]+/g, ''));
}

/** The name parts of a label, initials (`S.`, `V`) dropped: `S. V. ラヴロフ` → [ラヴロフ]. */
export function nameParts(label: string): string[] {
  return label
    .normalize('NFKC')
    .replace(/([A-Za-z])\./g, '$1 ')
    .split(/[\s・･·=＝_]+/)
    .filter((part) => part !== '' && !/^[A-Za-z]$/.test(part));
}

/** The family-name part of a label: the last part, or the first of a kanji name with a space (山田 太郎). */
export function familyName(label: string): string {
  const parts = nameParts(label);
  if (parts.length >= 2 && parts.every((p) => /^\p{Script=Han}+$/u.test(p))) return parts[0]!;
  return parts.at(-1) ?? '';
}

// Transliterations of foreign names alternate between ヴ and バ-row kana (ラヴロフ/ラブロフ),
// and Russian -ва between ヴァ and ワ (ザハロヴァ/ザハロワ, イヴァノフ/イワノフ).
function foldKana(text: string): string {
  return text
    .replace(/ヴァ|ワ/g, 'バ')
    .replace(/ヴィ/g, 'ビ')
    .replace(/ヴェ/g, 'ベ')
    .replace(/ヴォ/g, 'ボ')
    .replace(/ヴュ/g, 'ビュ')
    .replace(/ヴ/g, 'ブ');
}

type Kind = 'interviewer-word' | 'answer-word' | 'dash' | 'name';

function kindOf(label: string, style: LabelStyle): Kind {
  if (style === 'dash') return 'dash';
  const key = labelKey(label);
  if (INTERVIEWER_WORDS.has(key)) return 'interviewer-word';
  if (ANSWER_WORDS.has(key)) return 'answer-word';
  return 'name';
}

interface Variant {
  label: string;
  kind: Kind;
  uses: LabelUse[];
}

/** Clusters label uses into speakers, decides who is the interviewer, and names each speaker. */
export function identifySpeakers(uses: readonly LabelUse[]): SpeakerAnalysis {
  const variants = new Map<string, Variant>();
  for (const use of uses) {
    const variant = variants.get(use.label) ?? { label: use.label, kind: kindOf(use.label, use.style), uses: [] };
    variant.uses.push(use);
    variants.set(use.label, variant);
  }
  const clusters = cluster([...variants.values()]);
  const hasInterviewerWords = clusters.some((c) => c.some((v) => v.kind === 'interviewer-word'));

  const rejected: SpeakerAnalysis['rejected'] = [];
  const accepted = clusters.filter((members) => {
    const all = members.flatMap((v) => v.uses);
    const kind = members[0]!.kind;
    const colonUses = all.filter((u) => u.style === 'colon' || u.style === 'own-line').length;
    let ok: boolean;
    let reason = '';
    if (kind === 'dash') {
      // A dash opening a paragraph is also ordinary prose; trust it only as the one interviewer style.
      ok = all.length >= 2 && !hasInterviewerWords;
    } else if (kind === 'interviewer-word' || kind === 'answer-word') {
      ok = colonUses > 0 || all.length >= 2;
    } else if (colonUses > 0) {
      ok = all.length >= 2;
      reason = `label 「${printable(members[0]!.label)}」 is used only once and matches no other speaker; kept as text`;
    } else {
      // Name-only lines without a colon: short paragraphs look the same, so demand repetition.
      ok = all.length >= 3;
    }
    if (!ok) {
      for (const use of all) rejected.push({ use, reason, report: reason !== '' && use.style !== 'bare' });
    }
    return ok;
  });

  const speakers = accepted.map((members) => describe(members));
  const guessedInterviewer = assignRoles(speakers, accepted);
  assignIds(speakers);
  const byVariant = new Map<string, SpeakerInfo>();
  accepted.forEach((members, i) => {
    for (const v of members) byVariant.set(v.label, speakers[i]!);
  });
  return { speakers, byVariant, rejected, guessedInterviewer };
}

/**
 * Union-find over variants, using the merge rules of the module comment. Each rule is an equality
 * (or a prefix) of keys, so maps find each variant's partners: comparing every pair was quadratic
 * in the number of distinct labels.
 */
function cluster(variants: Variant[]): Variant[][] {
  const parent = variants.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const union = (a: number, b: number) => {
    parent[find(a)] = find(b);
  };
  const keys = variants.map((v) => (v.kind === 'name' ? labelKey(v.label) : ''));
  const families = variants.map((v) => (v.kind === 'name' ? labelKey(familyName(v.label)) : ''));
  const colon = (v: Variant) => v.uses.some((u) => u.style !== 'bare');
  const firstOf = new Map<string, number>();
  const colonFamily = new Map<string, number>();
  const join = (key: string, i: number) => {
    const first = firstOf.get(key);
    if (first === undefined) firstOf.set(key, i);
    else union(i, first);
  };
  variants.forEach((v, i) => {
    // Role words and dashes: one speaker per kind.
    if (v.kind !== 'name') return join(`kind:${v.kind}`, i);
    join(`key:${keys[i]}`, i);
    if (families[i]!.length >= 2) join(`family:${families[i]}`, i);
    if (families[i]!.length >= 2 && colon(v) && !colonFamily.has(families[i]!)) colonFamily.set(families[i]!, i);
  });
  // `ラブロフ外相` and `ラブロフ` — but only between colon labels, where a title-like bare line cannot sneak in.
  variants.forEach((v, i) => {
    if (v.kind !== 'name' || !colon(v)) return;
    for (let length = 2; length <= keys[i]!.length; length++) {
      const partner = colonFamily.get(keys[i]!.slice(0, length));
      if (partner !== undefined) union(i, partner);
    }
  });
  const groups = new Map<number, Variant[]>();
  variants.forEach((v, i) => {
    const root = find(i);
    const group = groups.get(root);
    if (group) group.push(v);
    else groups.set(root, [v]);
  });
  // Order speakers by first appearance so ids and output are stable.
  const firstLine = (members: Variant[]) => members.reduce((line, v) => v.uses.reduce((l, u) => Math.min(l, u.line), line), Infinity);
  const lines = new Map([...groups.values()].map((members) => [members, firstLine(members)]));
  return [...groups.values()].sort((a, b) => lines.get(a)! - lines.get(b)!);
}

function describe(members: Variant[]): SpeakerInfo {
  const uses = members.reduce((n, v) => n + v.uses.length, 0);
  const aliases = [...members].sort((a, b) => a.uses[0]!.line - b.uses[0]!.line).map((v) => v.label);
  return { id: '', label: '', role: 'other', aliases, uses, personal: members[0]!.kind === 'name' };
}

/** Decides roles, then the printed label and name of each speaker; returns the speaker assumed to ask, if guessed. */
function assignRoles(speakers: SpeakerInfo[], clusters: Variant[][]): SpeakerInfo | undefined {
  const kindOfCluster = (i: number) => clusters[i]![0]!.kind;
  let interviewer = speakers.findIndex((_, i) => kindOfCluster(i) === 'interviewer-word' || kindOfCluster(i) === 'dash');
  let guessed: SpeakerInfo | undefined;
  if (interviewer < 0 && speakers.length > 0) {
    const answer = speakers.findIndex((_, i) => kindOfCluster(i) === 'answer-word');
    const ratios = clusters.map((members) => questionRatio(members.flatMap((v) => v.uses)));
    const best = Math.max(...ratios.filter((_, i) => i !== answer));
    const top = ratios.flatMap((r, i) => (r === best && i !== answer ? [i] : []));
    if (answer >= 0 && speakers.length === 2) interviewer = answer === 0 ? 1 : 0;
    else if (best > 0 && top.length === 1) interviewer = top[0]!;
    else {
      interviewer = answer === 0 && speakers.length > 1 ? 1 : 0;
      guessed = speakers[interviewer];
    }
  }
  if (interviewer >= 0 && speakers[interviewer]) speakers[interviewer]!.role = 'interviewer';
  // The interviewee is the one who answers most; everyone else (an interpreter, a moderator) is "other".
  const interviewee = speakers
    .map((s, i) => ({ s, i }))
    .filter(({ i }) => i !== interviewer)
    .sort((a, b) => b.s.uses - a.s.uses)[0];
  if (interviewee) interviewee.s.role = 'interviewee';
  speakers.forEach((speaker, i) => nameSpeaker(speaker, clusters[i]!));
  return guessed;
}

/** Share of a speaker's turns that end as a question (？ ? か). */
function questionRatio(uses: LabelUse[]): number {
  const turns = uses.filter((u) => u.text !== '');
  if (turns.length === 0) return 0;
  return turns.filter((u) => /(?:[？?]|か[。．]?|かね[。．]?)[」』）)]?$/u.test(u.text)).length / turns.length;
}

function nameSpeaker(speaker: SpeakerInfo, members: Variant[]): void {
  const count = (v: Variant) => v.uses.length;
  const byUse = [...members].sort((a, b) => count(b) - count(a) || a.uses[0]!.line - b.uses[0]!.line);
  const kind = members[0]!.kind;
  if (kind === 'dash') {
    // Manuscript turns need a printable label; a dash is a layout convention, not a name.
    speaker.label = '質問';
    return;
  }
  if (kind === 'interviewer-word') {
    const word = byUse.find((v) => PRINTABLE_INTERVIEWER_WORDS.has(labelKey(v.label)));
    speaker.label = (word ?? byUse[0]!).label.replace(/[.．]$/, '');
    return;
  }
  if (kind === 'answer-word') {
    speaker.label = byUse[0]!.label.replace(/[.．]$/, '');
    return;
  }
  // The fullest spelling (most name parts, then longest, then most used) is the name. The label is
  // its family name; for a name written without separators (鈴木一郎), a shorter variant that
  // starts it (鈴木) is the family name.
  const fullest = [...byUse].sort(
    (a, b) => nameParts(b.label).length - nameParts(a.label).length || b.label.length - a.label.length || count(b) - count(a),
  )[0]!;
  let family = familyName(fullest.label) || fullest.label;
  if (family === fullest.label) {
    const prefix = byUse
      .map((v) => v.label)
      .filter((label) => label !== fullest.label && labelKey(fullest.label).startsWith(labelKey(label)))
      .sort((a, b) => a.length - b.length)[0];
    if (prefix) family = prefix;
  }
  speaker.label = family;
  if (family !== fullest.label) speaker.name = fullest.label;
}

function assignIds(speakers: SpeakerInfo[]): void {
  let other = 0;
  const taken = new Set<string>();
  for (const speaker of speakers) {
    const role = speaker.role === 'interviewer' || speaker.role === 'interviewee' ? speaker.role : undefined;
    speaker.id = role && !taken.has(role) ? role : `speaker-${++other}`;
    taken.add(speaker.id);
  }
}
