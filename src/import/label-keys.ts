/**
 * What one speaker label says, for comparing it with the others: its comparison key, its name
 * parts and family name, and its kind (a role word such as 質問 or 司会, the magazine dash, or a
 * name). Finding labels in the text is lexer.ts's; clustering them into speakers is
 * speaker-clustering.ts's.
 */
import { readLabelParts, stripGroups, type LabelParts, type LabelStyle } from './lexer.js';

/** Normalised words that name the interviewer's role rather than a person. */
const INTERVIEWER_WORDS = new Set(['質問', '質問者', '問', '問い', 'q', '記者', '聞き手', 'ききて', 'インタビュアー', 'インタビュワー', '編集部', 'interviewer', 'question']);
/** Normalised words that name the answering side's role. */
const ANSWER_WORDS = new Set(['a', '答', '答え', '回答', '回答者', 'ゲスト', '話し手', '語り手', 'answer', 'guest']);
/** Normalised words that name whoever chairs the event; a moderator never asks a question of the book. */
const MODERATOR_WORDS = new Set(['司会', '司会者', '司会進行', 'モデレーター', '議長', '進行', '進行役', 'mc', 'moderator']);
/** Normalised words for speakers who neither ask nor answer. */
const OTHER_WORDS = new Set(['通訳', '通訳者', 'ナレーション', 'ナレーター', '一同', '会場', '全員']);
/** Interviewer words worth printing as they are (a Latin `Q` is printed as written, too). */
export const PRINTABLE_INTERVIEWER_WORDS = new Set(['質問', '質問者', '問', '問い', '記者', '聞き手', 'インタビュアー', 'インタビュワー', '編集部']);

/** A transcription tool's numbered stand-in for a voice: 話者1, スピーカー２, Speaker 3, 発言者A. */
export const isPlaceholderName = (label: string): boolean => /^(?:話者|発言者|スピーカー|speaker|voice|participant)[ \u3000]?(?:[0-9０-９]{1,3}|[A-ZＡ-Ｚ])$/iu.test(label);

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

/** What a label names: a role (by its word), the magazine dash, or a person or outlet. */
export type LabelKind = 'interviewer-word' | 'answer-word' | 'moderator-word' | 'other-word' | 'dash' | 'name';


/** What kind of label this is (a role word, the magazine dash, or a name) and, for a name, its parts. */
export function classifyLabel(label: string, style: LabelStyle): { kind: LabelKind; parts: LabelParts } {
  // A question set off by markup asks as the magazine dash does, with unlabelled answers.
  if (style === 'dash' || style === 'set-off') return { kind: 'dash', parts: {} };
  const parts = readLabelParts(label);
  const key = labelKey(stripGroups(label));
  if (!parts.outlet && (parts.person === undefined || labelKey(parts.person) === key)) {
    if (INTERVIEWER_WORDS.has(key)) return { kind: 'interviewer-word', parts: {} };
    if (ANSWER_WORDS.has(key)) return { kind: 'answer-word', parts: {} };
    if (MODERATOR_WORDS.has(key)) return { kind: 'moderator-word', parts: {} };
    if (OTHER_WORDS.has(key)) return { kind: 'other-word', parts: {} };
  }
  return { kind: 'name', parts };
}
