/**
 * Label lexer: what a line of a transcript starts with — a speaker label, a part heading — and
 * what a label says about its speaker (person, outlet, role word, declared abbreviation).
 *
 * Label styles recognised at the start of a trimmed line, in this order:
 *
 * | style      | examples                                                          |
 * | ---------- | ----------------------------------------------------------------- |
 * | `dash`     | `――今日は`, `──今日は`, `—今日は` (magazine question, unlabelled answer) |
 * | `bracket`  | `【記者】…`, `【森川外務大臣】…`, `【（東都新聞）（川村）記者】…`, `［司会］`, `〔問〕` |
 * | `paren`    | `（問）…`, `(答)…`, `（外務大臣）…`, `（記者）…` — no colon needed       |
 * | `letter`   | `Q.`, `A.`, `Ｑ．`, `Q：`, `Q1.`, `Q1：`, `Q 今日は`, `問1：`             |
 * | `colon`    | `名前：`, `名前:`, `名前 :`, `記者（東都新聞・川村）：`, `ラブロフ外相（以下、ラ）：` |
 * | `mark`     | `○官房長官　…`, `◯記者：…` (a record's circle before the name, then a space or colon) |
 * | `own-line` | any of the above with nothing after it: the text is on the next line |
 * | `bare`     | a name alone on its line (trusted only when it repeats)           |
 * | `space`    | `山本　星を見ていると…` (a 対談's name, a space, the words; trusted when two such names recur) |
 * | `emphasis` | a bold or italic run opening a paragraph of a Word or HTML source |
 * | `set-off`  | no label: a question set off by markup (bold, heading, `<dt>`, `class="q"`; see set-off.ts) |
 *
 * Every pattern is anchored at the line start and built from bounded or non-overlapping
 * repetitions, so its time is linear in the line (a line of 200,000 spaces included).
 */

import { oneOf, skipBackward, trimEndWhere } from '../core/scan.js';

/** How a label is written. */
export type LabelStyle = 'colon' | 'own-line' | 'bare' | 'space' | 'dash' | 'bracket' | 'paren' | 'letter' | 'mark' | 'emphasis' | 'set-off';

/** A possible speaker label found at the start of a line. */
export interface LabelCandidate {
  /** The label as written, trimmed, without brackets, numbers or a declared abbreviation (`S. V. ラヴロフ`, `Q`, `――`, `（東都新聞）（川村）記者`). */
  label: string;
  style: LabelStyle;
  /** The raw characters the label takes up: brackets, label, number, colon and the spaces after it. */
  marker: string;
  /** The text after the marker; empty for a label alone on its line. */
  rest: string;
  /** An abbreviation the label declares for its speaker: `ラブロフ外相（以下、ラ）` → `ラ`. */
  declares?: string;
}

/** What a label text says about the speaker. */
export interface LabelParts {
  /** The person named (`川村`, `森川外務大臣`), title included as written. */
  person?: string;
  /** The medium a reporter works for (`東都新聞`). */
  outlet?: string;
  /** Role implied by a title or role word in the label (`記者` → interviewer, `議長` → moderator). */
  roleHint?: 'interviewer' | 'interviewee' | 'moderator' | 'other';
}

// Letters, marks, digits, spaces and the punctuation names are written with (S. V. ラヴロフ, ジャン＝ポール).
const NAME_CHAR = String.raw`\p{L}\p{M}\p{N}・･·.．＝=_＿\-‐`;
const NAME_CLASS = String.raw`[${NAME_CHAR} \u3000]`;
// One parenthesised group inside a label: （東都新聞）, （以下、ラ）, (NHK).
const GROUP = String.raw`[（(][^（）()【】［］〔〕\n]{1,24}[）)]`;
// A label: a name with up to two groups, each piece bounded (no nested unbounded repetition).
const LABEL_TEXT = String.raw`${NAME_CLASS}{0,24}(?:${GROUP}${NAME_CLASS}{0,12}){0,2}`;
const TAIL = String.raw`[ \u3000]*(?:[:：][ \u3000]*)?`;

const COLON_LABEL = new RegExp(String.raw`^(${LABEL_TEXT})[ \u3000]*[:：][ \u3000]*`, 'u');
const BRACKET_LABEL = new RegExp(String.raw`^([【［〔\[])(${LABEL_TEXT})([】］〕\]])${TAIL}`, 'u');
const PAREN_LABEL = new RegExp(String.raw`^[（(](${NAME_CLASS}{1,24})[）)]${TAIL}`, 'u');
// Q. / Ｑ． / Q： / Q1. / Q1： / Q 今日は — a period is the separator only when no colon follows (`Q.:` is a colon label).
const LETTER_LABEL = /^([QAＱＡ])([0-9０-９]{1,3})?(?:[ \u3000]*[:：]|[.．](?![ \u3000]*[:：])|[)）]|[ \u3000](?![ \u3000]*[:：]))[ \u3000]*/u;
// ○官房長官　… / ◯記者（東都新聞）：… — a circle, a name without spaces (a group allowed), then spaces or a colon, then text.
const MARK_LABEL = new RegExp(String.raw`^[○◯〇][ \u3000]?([${NAME_CHAR}]{1,16}(?:${GROUP})?)(?:[ \u3000]*[:：][ \u3000]*|[ \u3000]+)(?=\S)`, 'u');
// A name of up to eight letters without spaces or punctuation, then spaces, then the words.
const SPACE_LABEL = /^([\p{L}\p{M}・･]{1,8})[ \u3000]+(?=\S)/u;
const NUMBERED_WORD = /^(問|答|質問|回答)([0-9０-９]{1,3})(?:[ \u3000]*[.．:：、][ \u3000]*|[ \u3000]+)/u;
// ―― (U+2015), —— (U+2014), ── (U+2500) and their doubled stand-ins; one ― or — alone also occurs.
const DASH_LABEL = /^(?:[―—]{1,3}|─{2,3}|－{2,3}|ー{2,3})[ \u3000]*(?=\S)/u;
const DECLARATION_GROUP = /[（(]以下[、，,]?[ \u3000]*[「『]?([^（）()「」『』、，,\s]{1,12})[」』]?[）)]/u;
const LABEL_SHAPE = new RegExp(String.raw`^${NAME_CLASS}{1,24}$`, 'u');

/**
 * Parenthesised words that open a paragraph as stage directions or notes, never as speakers:
 * （笑）, （拍手）, （中略）. A speaker label is a name or a role word, so these are refused.
 */
const STAGE_WORDS = new Set(['笑', '笑い', '爆笑', '苦笑', '一同笑', '会場笑', '拍手', '会場拍手', '中略', '略', '前略', '後略', '以下略', '沈黙', '間', '注', '編注', '訳注', '原注', '同', '英語', '英語で', 'ロシア語', '通訳', '続く', '完', '終', '了', '以上']);
/** Words that mark a section or topic line, never a speaker (`テーマ：…`, `【テーマ】…`). */
export const TOPIC_WORDS = new Set(['テーマ', '議題', '話題', 'トピック', '論点', '主題', '項目', 'お題']);

/** Recognises a label at the start of a trimmed line. */
export function matchLabel(text: string): LabelCandidate | undefined {
  const dash = DASH_LABEL.exec(text);
  if (dash) return { label: dash[0].trim(), style: 'dash', marker: dash[0], rest: text.slice(dash[0].length) };

  const mark = MARK_LABEL.exec(text);
  if (mark) return labelled(mark[1]!, 'mark', mark[0], text);

  const bracket = BRACKET_LABEL.exec(text);
  if (bracket && PAIRS[bracket[1]!] === bracket[3]) return labelled(bracket[2]!, 'bracket', bracket[0], text);

  const paren = PAREN_LABEL.exec(text);
  if (paren) {
    const content = paren[1]!.trim();
    if (STAGE_WORDS.has(content.normalize('NFKC')) || /^[\p{N}\p{P}\s]+$/u.test(content) || (/^[A-Za-zＡ-Ｚａ-ｚ]$/u.test(content) && !/^[QAＱＡ]$/u.test(content))) return undefined;
    return labelled(content, 'paren', paren[0], text);
  }

  const letter = LETTER_LABEL.exec(text);
  if (letter) {
    const rest = text.slice(letter[0].length);
    // `A.I.` or `Q and A` is Latin text, not a label.
    // The label keeps a period as written (`Q.`, `Ｑ．`), not the number: Q1. and Q2. are one speaker.
    const period = /[.．]/u.exec(letter[0])?.[0] ?? '';
    if (/[:：]/.test(letter[0]) || !/^[A-Za-z]/.test(rest)) return { label: letter[1]! + period, style: rest === '' ? 'own-line' : 'letter', marker: letter[0], rest };
  }
  const numbered = NUMBERED_WORD.exec(text);
  if (numbered) {
    const rest = text.slice(numbered[0].length);
    return { label: numbered[1]!, style: rest === '' ? 'own-line' : 'letter', marker: numbered[0], rest };
  }

  const colon = COLON_LABEL.exec(text);
  if (colon) {
    const rest = text.slice(colon[0].length);
    // Digits on both sides of the colon are a time (10:15, 午前10:15); `//` after it is a URL. A
    // numbered speaker (話者1：, Speaker 2:) is a label.
    if ((/\d$/u.test(colon[1]!.trim()) && /^\d/u.test(rest)) || rest.startsWith('//')) return undefined;
    const candidate = labelled(colon[1]!, 'colon', colon[0], text);
    if (candidate && candidate.rest === '') candidate.style = 'own-line';
    return candidate;
  }
  // A line that is nothing but a name is only a candidate; identifySpeakers decides. Pure
  // hiragana (はい, そうですね) is a short reply, not a name.
  if (text.length <= 16 && isLabelShaped(text) && !/^[\p{Script=Hiragana}ー\s]+$/u.test(text) && !TOPIC_WORDS.has(text) && !DATE_LIKE.test(text)) {
    return { label: text, style: 'bare', marker: text, rest: '' };
  }
  // 山本　星を見ていると… : a short name, spaces, the words. Only a candidate: identifySpeakers
  // trusts it when two such names recur. Pure hiragana (はい　そうです) is speech.
  const spaced = SPACE_LABEL.exec(text);
  if (spaced && !/^[\p{Script=Hiragana}ー]+$/u.test(spaced[1]!)) {
    const candidate = labelled(spaced[1]!, 'space', spaced[0], text);
    if (candidate) return candidate;
  }
  return undefined;
}

/**
 * A bold or italic run of `length` characters opening a paragraph of a Word or HTML source
 * (**山田**　今日は…), when it is shaped like a label. A colon or spaces after it are part of the marker.
 */
export function matchEmphasisLabel(text: string, length: number): LabelCandidate | undefined {
  if (length < 1 || length > 40) return undefined;
  const run = text.slice(0, length);
  const after = /^[ \u3000]*[:：]?[ \u3000]*/u.exec(text.slice(length))![0];
  const raw = trimEndWhere(run, oneOf(' \u3000:：'));
  const candidate = labelled(raw, 'emphasis', run + after, text);
  if (candidate && candidate.rest === '') candidate.style = 'own-line';
  return candidate;
}

/** Dates, times and numbered things are no names: 2024年5月3日, 10時05分, 第3回. */
const DATE_LIKE = /\p{Nd}[年月日時分回号]|(?:\p{Nd}\D*){3}/u;

const PAIRS: Readonly<Record<string, string>> = { '【': '】', '［': '］', '〔': '〕', '[': ']' };

/** A candidate from a label text, or undefined when the text is not shaped like a label. */
function labelled(raw: string, style: LabelStyle, marker: string, text: string): LabelCandidate | undefined {
  let label = raw.trim();
  let declares: string | undefined;
  const declaration = DECLARATION_GROUP.exec(label);
  if (declaration) {
    declares = declaration[1]!;
    label = (label.slice(0, declaration.index) + label.slice(declaration.index + declaration[0].length)).trim();
  }
  const core = stripGroups(label);
  // A date or time before a colon (2024年4月12日 10時05分　於：) is a header line, not a name.
  if (!isLabelShaped(core) || TOPIC_WORDS.has(core.normalize('NFKC')) || DATE_LIKE.test(core)) return undefined;
  const rest = text.slice(marker.length);
  return { label, style, marker, rest, ...(declares ? { declares } : {}) };
}

/** A label text without its parenthesised groups: `記者（東都新聞）` → `記者`. */
export function stripGroups(label: string): string {
  return label.replace(/[（(][^（）()]*[）)]/gu, '').trim();
}

/** True when a text could be a name or role word: short, no sentence punctuation, at most four words, some letter. */
export function isLabelShaped(label: string): boolean {
  return LABEL_SHAPE.test(label) && /\p{L}/u.test(label) && label.split(/[ \u3000]+/).length <= 4;
}

// ── What a label says ──────────────────────────────────────────────────────────────────────

/** Titles after a name; each tells the speaker's office, some the role (記者 asks, 議長 chairs). */
const MINISTRY = '外務|防衛|財務|法務|総務|文部科学|厚生労働|農林水産|経済産業|国土交通|環境|復興|デジタル|内閣府特命担当|経済再生担当|内閣官房|官房|国家公安委員会';
const TITLE_SUFFIX = new RegExp(
  `(?:(?:${MINISTRY})?(?:副大臣|大臣|政務官|長官)|総理大臣|外相|首相|総理|大統領|副大統領|国務長官|報道官|広報官|知事|市長|議員|議長|委員長|社長|会長|代表|教授|准教授|監督|選手|記者|特派員|次官|大使|書記長|主席|部長|局長|課長|博士|弁護士|アナウンサー|キャスター|司会者?|氏|さん|様|先生)$`,
  'u',
);
const ROLE_OF_TITLE: Readonly<Record<string, LabelParts['roleHint']>> = {
  記者: 'interviewer',
  特派員: 'interviewer',
  議長: 'moderator',
  司会: 'moderator',
  司会者: 'moderator',
  広報官: 'moderator',
};
// A medium's name: ends like one (新聞, 通信, テレビ …) or is a short upper-case acronym (NHK, AFP).
const OUTLET_LIKE = /(?:新聞|新聞社|通信|通信社|放送|テレビ|TV|ＴＶ|ラジオ|タイムズ|ポスト|ジャーナル|日報|新報|経済|社|誌|局|チャンネル|ニュース|プレス|メディア|フリーランス|フリー)$|^[A-ZＡ-Ｚ]{2,6}$/u;

const DESIGNATED_REPORTER = /^(?:記者|特派員|質問者)[ \u3000]?[A-Za-zＡ-Ｚａ-ｚ0-9０-９]{1,3}$/u;

/** `記者A`, `記者 2`, `質問者B`: a reporter told apart by a letter or number rather than named. */
export const isDesignatedReporter = (name: string): boolean => DESIGNATED_REPORTER.test(name);

/** A title at the end of a name (`森川外務大臣` → `外務大臣`), if any. */
export function titleOf(name: string): string | undefined {
  return TITLE_SUFFIX.exec(name)?.[0];
}

/** A name without its title: `森川外務大臣` → `森川`; a title alone stays (`外務大臣`). */
export function stripTitle(name: string): string {
  const title = titleOf(name);
  const stripped = title ? trimEndWhere(name.slice(0, -title.length), oneOf(' \u3000・')) : name;
  // 内閣広報官, 外務報道官, 国土交通省局長: an office, not a person with a title.
  return stripped === '' || ORGANISATION.test(stripped) ? name : stripped;
}

/** The end of an organisation's name: what precedes a title there is no person. */
const ORGANISATION = /(?:内閣|外務|官房|政府|国務|省|庁|府|局|部|課|室|院|委員会|事務所|本部|大使館|領事館|協会|財団|学会)$/u;

/**
 * Reads person, outlet and role hint off a label text:
 * `（東都新聞）（川村）記者`, `記者（東都新聞・川村）`, `東都新聞 川村記者` → outlet 東都新聞, person 川村;
 * `NHK記者`, `記者（NHK）` → outlet NHK; `森川外務大臣` → person 森川外務大臣.
 */
export function readLabelParts(label: string): LabelParts {
  const groups = [...label.matchAll(/[（(]([^（）()]*)[）)]/gu)].map((m) => m[1]!.trim()).filter(Boolean);
  const core = stripGroups(label);
  const hint = (text: string) => ROLE_OF_TITLE[titleOf(text) ?? ''] ?? (/^(?:司会|司会者|モデレーター|議長|進行|進行役)$/u.test(text) ? 'moderator' : undefined);
  const reporter = /^(?:記者|特派員)$/u.test(core);
  if (reporter || (core === '' && groups.length > 0)) {
    // 【（社名）（氏名）記者】, 記者（社名・氏名）, 記者（社名）, （社名）記者
    if (groups.length >= 2) return { outlet: groups[0], person: groups[1], roleHint: 'interviewer' };
    const [group] = groups;
    if (group) {
      const split = splitAtFirst(group, '・ \u3000/／');
      if (split) return { outlet: split[0], person: split[1], roleHint: 'interviewer' };
      return OUTLET_LIKE.test(group) || reporter ? { outlet: group, roleHint: 'interviewer' } : { person: group, roleHint: 'interviewer' };
    }
    return { roleHint: 'interviewer' };
  }
  // 東都新聞 川村記者 / 東都新聞・川村記者 / NHK記者
  const words = core.split(/[ \u3000]+/u);
  if (titleOf(core) === '記者' || titleOf(core) === '特派員') {
    const bare = stripTitle(core);
    if (words.length === 2) return { outlet: words[0], person: words[1], roleHint: 'interviewer' };
    const dotted = splitAtFirst(bare, '・');
    if (dotted && OUTLET_LIKE.test(dotted[0])) return { outlet: dotted[0], person: `${dotted[1]}${titleOf(core)}`, roleHint: 'interviewer' };
    if (OUTLET_LIKE.test(bare)) return { outlet: bare, roleHint: 'interviewer' };
  }
  // 川村（東都新聞）: a name with its medium in brackets.
  const outlet = groups.find((group) => OUTLET_LIKE.test(group));
  // 記者A, 記者B, 質問者2: reporters told apart by a letter or number, each a person who asks.
  const roleHint = isDesignatedReporter(core) ? 'interviewer' : hint(core);
  return { person: core, ...(outlet ? { outlet } : {}), ...(roleHint ? { roleHint } : {}) };
}

/**
 * `text` split at its first separator (one of `separators`) that has text on both sides, as
 * `/^(.+?)[…](.+)$/u` split it; undefined when there is none or a line break (which `.` does not
 * match) is in the text. A scan: the lazy pattern backtracked over a run of separators.
 */
export function splitAtFirst(text: string, separators: string): [string, string] | undefined {
  if (/[\n\r\u2028\u2029]/u.test(text)) return undefined;
  const start = text.codePointAt(0)! > 0xffff ? 2 : 1;
  for (let i = start; i < text.length - 1; i++) if (separators.includes(text[i]!)) return [text.slice(0, i), text.slice(i + 1)];
  return undefined;
}

// ── Declarations ───────────────────────────────────────────────────────────────────────────

/** `セルゲイ・ラブロフ外相（以下、ラ）`: the transcript says that `ラ` stands for the name before it. */
export interface Declaration {
  full: string;
  abbreviation: string;
  line: number;
  column: number;
}

const DECLARATION = /[（(]以下[、，,]?[ \u3000]*[「『]?([^（）()「」『』、，,\s]{1,12})[」』]?[）)]/gu;
// What ends the name before a declaration: punctuation, brackets, a colon or a space.
const NAME_END = oneOf('\u3000、。，．,「」『』（）()【】：:', { spaces: true });
const HONORIFIC = /(?:さん|様|氏|くん|君|ちゃん)$/u;

/** The abbreviations a line declares (`……外相（以下、ラ）は` → ラ = the name before the bracket). */
export function findDeclarations(text: string, line: number, column: number): Declaration[] {
  const found: Declaration[] = [];
  if (!text.includes('以下')) return found; // every declaration says 以下; most lines do not
  for (const match of text.matchAll(DECLARATION)) {
    // The name runs back from the bracket to punctuation or a space, at most 24 characters.
    const before = text.slice(Math.max(0, match.index - 24), match.index);
    let full = before.slice(skipBackward(before, before.length, (t, i) => !NAME_END(t, i))).replace(HONORIFIC, '');
    // `今日はセルゲイ・ラブロフ外相` → `セルゲイ・ラブロフ外相`: drop a lead-in ending in a particle.
    full = full.replace(/^.*[はがをにでとのへもや](?=[^\p{Script=Hiragana}])/u, '');
    if (full !== '' && isLabelShaped(full)) found.push({ full, abbreviation: match[1]!, line, column: column + match.index });
  }
  return found;
}

// ── Part headings ──────────────────────────────────────────────────────────────────────────

/** A line that opens a part of the book: a section word, a topic line, a numbered topic. */
export interface PartMarker {
  /** The heading text: the line without its decoration (`◯日中関係` → `日中関係`). */
  title: string;
  /**
   * `section`: 冒頭発言, 質疑応答, 第1部, ◯…, ■…, 【テーマ】… — always a part. `topic`: （1）…, a whole
   * line 【…】 or ＜…＞ — a part only when a turn or another part follows it, since a speaker may
   * also number short points, and a bracketed line may be a label alone on its line.
   */
  kind: 'section' | 'topic';
}

const DECORATION_OPEN = '■□◆◇●○◯◎▼▽▲△★☆▶▷◼◻';
const SECTION_WORDS = /(?:冒頭発言|冒頭説明|冒頭挨拶|冒頭あいさつ|冒頭発表|質疑応答|質疑|一問一答|質問と回答)(?:[（(][^（）()]{1,16}[）)])?$/u;
const ENCLOSED = /^(?:【([^【】]{1,40})】|［([^［］]{1,40})］|〔([^〔〕]{1,40})〕|＜([^＜＞]{1,40})＞|〈([^〈〉]{1,40})〉|《([^《》]{1,40})》|<([^<>]{1,40})>|\[([^[\]]{1,40})\])$/u;
const DECORATED = new RegExp(`^[${DECORATION_OPEN}][ \\u3000]*([^ \\u3000${DECORATION_OPEN}].{0,39})$`, 'u');
const TOPIC_WORD = '(?:テーマ|議題|話題|トピック|論点|主題|項目)[0-9０-９]{0,2}';
const TOPIC_LABEL = new RegExp(`^(?:【${TOPIC_WORD}】|［${TOPIC_WORD}］|\\[${TOPIC_WORD}\\]|${TOPIC_WORD}[ \\u3000]*[:：])[ \\u3000]*(.{1,40})$`, 'u');
const TOPIC_LABEL_INSIDE = /^(?:【|［|\[)(?:テーマ|議題|話題|トピック|論点|主題|項目)[0-9０-９]{0,2}[:：][ \u3000]*([^】］\]]{1,40})(?:】|］|\])$/u;
const NUMBERED = /^(?:第[0-9０-９一二三四五六七八九十]{1,3}部[ \u3000：:]*(.{0,30})|[（(][0-9０-９一二三四五六七八九十]{1,3}[）)][ \u3000]*(.{1,30}))$/u;

/** Recognises a part heading line (`冒頭発言`, `【質疑応答】`, `◯日中関係`, `【テーマ】日中関係`, `第2部　質疑`). */
export function matchPartMarker(text: string): PartMarker | undefined {
  if (text.length > 48 || /[。．？！?!]$|。/u.test(text)) return undefined;
  const enclosed = ENCLOSED.exec(text);
  const inner = enclosed ? enclosed.slice(1).find((g) => g !== undefined)!.trim() : undefined;
  const decorated = DECORATED.exec(text)?.[1]?.trim();
  const plain = inner ?? decorated ?? text;
  // Decorated or enclosed, a section word may follow a name (【高原総理冒頭発言】); a plain line is the word alone.
  const section = SECTION_WORDS.exec(plain);
  if (section && plain.length <= 30 && (plain !== text || section.index === 0)) return { title: plain, kind: 'section' };
  const numbered = NUMBERED.exec(text);
  if (numbered?.[1] !== undefined) return { title: text, kind: 'section' };
  const topic = TOPIC_LABEL_INSIDE.exec(text) ?? TOPIC_LABEL.exec(text);
  // A decorated line (◯日中関係, ■…) or a テーマ line is a heading wherever it stands, even before
  // unlabelled paragraphs (topics inside a long opening statement).
  if (topic && topic[1]!.trim() !== '') return { title: topic[1]!.trim(), kind: 'section' };
  if (decorated) return { title: decorated, kind: 'section' };
  if (numbered?.[2] !== undefined) return { title: numbered[2].trim(), kind: 'topic' };
  if (inner !== undefined && inner !== '') return { title: inner, kind: 'topic' };
  return undefined;
}
