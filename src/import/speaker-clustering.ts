/**
 * Speaker labels: clustering the label variants of a transcript into speakers and deciding each
 * speaker's role and printed label. Finding labels at line starts is the lexer's (lexer.ts); what
 * one label says (its key, name parts, kind) is label-keys.ts's.
 *
 * A transcript writes the same speaker many ways (`質問:`, `Q.: `, `Q:`; `セルゲイ・ラブロフ:`,
 * `S. V. ラヴロフ:`; `【（東都新聞）（川村）記者】`, `川村記者：`). Nothing here knows any
 * particular transcript: the rules are
 *
 * 1. Variants are merged when they normalise to the same key (NFKC, no spaces, middle dots or
 *    periods, ヴ-row and ワ → バ-row kana, initials and a title such as 外相 or 記者 dropped) or share
 *    a family name (the last name part; the first one for a kanji name written with a space).
 *    Two reporters of different outlets are never merged. Role words form one speaker each:
 *    interviewer words (質問, 問, Q, 記者, 聞き手, インタビュアー …), answer words (Ａ, 答 …),
 *    moderator words (司会, モデレーター, 議長, 進行 …), other words (通訳, ナレーション …).
 *    A declaration `ラブロフ外相（以下、ラ）` anywhere in the transcript merges `ラ` with it.
 * 2. A label seen only once that merges with nothing is not trusted as a speaker: it is kept as
 *    text and reported (`注：…` is more likely a note than a third speaker) — unless it carries a
 *    role (a role word, `記者`, an outlet).
 * 3. Roles: interviewer words, the magazine dash and reporters (記者, an outlet) ask; moderator
 *    words and titles (議長, 司会, 広報官) moderate; other words are "other"; answer words and every
 *    remaining person answer (any number of interviewers and interviewees). When no label says
 *    who asks, the speaker whose turns end as questions (？, か) most often asks; failing that a
 *    moderator is taken to ask; failing that the first speaker (reported). `--speaker LABEL=ROLE`
 *    overrides any of this.
 * 4. Printed label (editable in the front matter, `label:`): a role speaker prints its role word
 *    as written most often (trailing period dropped; a dash prints 質問); a person prints the
 *    family name (of the fullest spelling, title dropped); a reporter prints the family name + 記者
 *    (`川村記者`), or the outlet + 記者 when no person is named (`NHK記者`). The outlet goes to
 *    `outlet:`, the fullest spelling to `name:` when it differs from the label.
 */
import { printable } from '../core/text.js';
import { classifyLabel, familyName, isPlaceholderName, labelKey, nameParts, PRINTABLE_INTERVIEWER_WORDS, type LabelKind } from './label-keys.js';
import { isDesignatedReporter, readLabelParts, stripGroups, stripTitle, titleOf, type Declaration, type LabelParts, type LabelStyle } from './lexer.js';

/** One occurrence of a candidate, with what the speaker said (for the who-asks rule). */
export interface LabelUse {
  label: string;
  style: LabelStyle;
  line: number;
  column: number;
  text: string;
  /** Abbreviation the label declares (`ラブロフ外相（以下、ラ）：`). */
  declares?: string;
}

export type Role = 'interviewer' | 'interviewee' | 'moderator' | 'other';
export const ROLES: readonly Role[] = ['interviewer', 'interviewee', 'moderator', 'other'];

/** A speaker as the importer identified it. */
export interface SpeakerInfo {
  id: string;
  /** Label printed in the book. */
  label: string;
  /** Full name, when the label is a shortened form of it. */
  name?: string;
  /** The medium a reporter works for. */
  outlet?: string;
  role: Role;
  /** Every variant seen, in order of first appearance (a declared abbreviation included). */
  aliases: string[];
  /** Number of labelled uses in the transcript. */
  uses: number;
  /** True when the labels name a person rather than a role (質問, Ａ). */
  personal: boolean;
  /** Why the variants were merged, the role chosen and the label printed (for `--verbose`). */
  why: string[];
}

/** A role fixed by the user (`--speaker 'ラ=interviewee'`). */
export interface RoleOverride {
  label: string;
  role: Role;
}

/** A decision about who asks that no label stated; the caller warns (or refuses, for `undecided`). */
export interface RoleDecision {
  kind: 'by-questions' | 'moderator-asks' | 'guessed' | 'undecided';
  /** The speaker taken to ask (for `undecided`, the first candidate). */
  speaker: SpeakerInfo;
  /** The other speakers that might ask. */
  others: SpeakerInfo[];
  reason: string;
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
  decisions: RoleDecision[];
  /** Title-only labels (`大臣`) that several speakers' names carry: kept apart, for a warning. */
  ambiguousTitles: { label: string; use: LabelUse; candidates: string[] }[];
}

/** Options of `identifySpeakers`. */
export interface IdentifyOptions {
  /** `X（以下、Y）` declarations found anywhere in the transcript. */
  declarations?: readonly Declaration[];
  overrides?: readonly RoleOverride[];
  /** The transcript's lines: the header (before the first turn) may introduce a speaker who speaks once. */
  lines?: readonly { line: number; text: string }[];
}

interface Variant {
  label: string;
  kind: LabelKind;
  parts: LabelParts;
  uses: LabelUse[];
  /** Declared abbreviation of another variant's name (`ラ`): never the fullest spelling. */
  abbreviation?: boolean;
  /** A name the transcript declares for this variant (`ラ` → `ラブロフ外相`) when no label spells it. */
  declaredName?: string;
  forced?: Role;
}

const explicit = (use: LabelUse) => use.style !== 'bare' && use.style !== 'space' && use.style !== 'dash' && use.style !== 'set-off';
const where = (uses: readonly LabelUse[]) => uses.map((u) => `${u.line}:${u.column}`);

/** Clusters label uses into speakers, decides who asks, and names each speaker. */
export function identifySpeakers(uses: readonly LabelUse[], options: IdentifyOptions = {}): SpeakerAnalysis {
  const variants = new Map<string, Variant>();
  for (const use of uses) {
    const variant = variants.get(use.label) ?? { label: use.label, ...classifyLabel(use.label, use.style), uses: [] };
    variant.uses.push(use);
    variants.set(use.label, variant);
  }
  const list = [...variants.values()];
  for (const override of options.overrides ?? []) {
    for (const variant of list) if (matchesOverride(variant, override)) variant.forced = override.role;
  }
  const ambiguousTitles: SpeakerAnalysis['ambiguousTitles'] = [];
  const { clusters, why } = cluster(list, [...declarationsOf(list, options.declarations ?? []), ...titleLinks(list, ambiguousTitles)]);
  const hasInterviewerWords = clusters.some((c) => c.some((v) => v.kind === 'interviewer-word'));

  const rejected: SpeakerAnalysis['rejected'] = [];
  const accepted: Variant[][] = [];
  /** One-off labels taken as speakers, with the reason when it is not the transcript's label style. */
  const oneOff = new Map<Variant[], string | undefined>();
  const pending: { members: Variant[]; reason: string }[] = [];
  for (const members of clusters) {
    const all = members.flatMap((v) => v.uses);
    const kind = members[0]!.kind;
    const explicitUses = all.filter(explicit).length;
    const carriesRole = members.some((v) => v.parts.roleHint !== undefined || v.parts.outlet !== undefined);
    let ok: boolean;
    let reason = '';
    if (members.some((v) => v.forced)) ok = true;
    else if (kind === 'dash') {
      // A dash opening a paragraph is also ordinary prose; trust it only as the one interviewer style.
      ok = all.length >= 2 && !hasInterviewerWords;
    } else if (kind === 'interviewer-word' || kind === 'answer-word' || kind === 'moderator-word') {
      ok = explicitUses > 0 || all.length >= 2;
    } else if (explicitUses > 0) {
      ok = all.length >= 2 || (carriesRole && kind === 'name');
      reason = `label 「${printable(members[0]!.label)}」 is used only once and matches no other speaker; kept as text`;
    } else if (all.every((use) => use.style === 'space')) {
      ok = true; // Two such names recur (findSpeakers keeps only those).
    } else {
      // Name-only lines without a colon: short paragraphs look the same, so demand repetition.
      ok = all.length >= 3;
    }
    if (ok) accepted.push(members);
    else pending.push({ members, reason });
  }
  // One-off labels before the first turn are the header's (【翻訳】, 日時：…, （写真）): reported
  // only in the body, where they would otherwise pass unnoticed.
  // A fold, not Math.min(...lines): a spread of every use overflows the stack on a long transcript.
  const firstTurn = accepted.reduce((line, members) => members.reduce((l, v) => v.uses.reduce((k, u) => Math.min(k, u.line), l), line), Infinity);
  // In a transcript labelled with brackets or parentheses, a one-off label of that style in the
  // body is one more speaker (a reporter who asks once), not a note.
  // Counted once: counting the accepted uses again for every pending label was quadratic.
  const styleCounts = new Map<LabelStyle, number>();
  let acceptedUses = 0;
  for (const members of accepted) {
    for (const v of members) {
      for (const u of v.uses) styleCounts.set(u.style, (styleCounts.get(u.style) ?? 0) + 1);
      acceptedUses += v.uses.length;
    }
  }
  const dominant = (style: LabelStyle) => (style === 'bracket' || style === 'paren') && (styleCounts.get(style) ?? 0) * 2 >= acceptedUses;
  let introduced: Map<string, string> | undefined;
  for (let i = pending.length - 1; i >= 0; i--) {
    const { members } = pending[i]!;
    const [only, ...others] = members.flatMap((v) => v.uses);
    if (!only || others.length > 0 || members[0]!.kind !== 'name' || only.line <= firstTurn) continue;
    const person = members[0]!.parts.person;
    introduced ??= introductions(options.lines ?? [], firstTurn);
    const introducing = explicit(only) && person !== undefined ? introduced.get(stripTitle(person)) : undefined;
    if (dominant(only.style) || introducing) {
      accepted.push(members);
      pending.splice(i, 1);
      oneOff.set(members, introducing ? `「${members[0]!.label}」 is used once, and the header before the first turn introduces 「${introducing}」: a speaker of its own` : undefined);
    }
  }
  const order = new Map(clusters.map((members, index) => [members, index]));
  accepted.sort((a, b) => order.get(a)! - order.get(b)!);
  for (const { members, reason } of pending) {
    for (const use of members.flatMap((v) => v.uses)) {
      const quiet = use.style === 'bare' || use.style === 'space' || use.line < firstTurn;
      rejected.push({ use, reason, report: reason !== '' && !quiet });
    }
  }

  const speakers = accepted.map((members) => {
    const reasons = why.get(order.get(members)!) ?? [];
    if (oneOff.has(members)) reasons.push(oneOff.get(members) ?? `「${members[0]!.label}」 is used once, in the label style of the whole transcript: a speaker of its own`);
    return describe(members, reasons);
  });
  const decisions = assignRoles(speakers, accepted);
  accepted.forEach((members, i) => nameSpeaker(speakers[i]!, members));
  assignIds(speakers);
  const byVariant = new Map<string, SpeakerInfo>();
  accepted.forEach((members, i) => {
    for (const v of members) byVariant.set(v.label, speakers[i]!);
  });
  const guessed = decisions.find((d) => d.kind === 'guessed')?.speaker;
  return { speakers, byVariant, rejected, decisions, ambiguousTitles, ...(guessed ? { guessedInterviewer: guessed } : {}) };
}

/** What follows a name when a header introduces a person: 佐藤花子さん, 佐藤氏, 佐藤教授, 佐藤花子（農家）. */
const INTRODUCING = ['さん', '氏', '様', '先生', 'くん', '君', 'ちゃん', '教授', '准教授', '医師', '監督', '選手', '社長', '会長', '代表', '大臣', '知事', '市長', '議員', '委員長', '弁護士', 'アナウンサー', 'キャスター', '（', '('];
/** Lines that list who takes part: 出席者：…, ゲスト：… */
const PARTICIPANTS = ['出席者', '参加者', '登壇者', '出演者', 'ゲスト', '話し手', '語り手', '対談者', 'パネリスト'];
const isNameChar = (char: string) => /[\p{Script=Han}\p{Script=Katakana}ー・]/u.test(char);
/** The header read for introductions: a participants list or a lead is short. */
const HEADER_CHARS = 4000;
const NAME_RUN = 10;

/**
 * The people the header (the lines before line `firstTurn`) introduces, by every piece of two or
 * more characters of their names (佐藤, 花子, 佐藤花子 → 「佐藤花子さん」): a run of kanji or katakana
 * right before an honorific, a title or a bracket, or any such run in a participants line
 * (`出席者：…`). Built once, so a transcript of many one-off labels looks each up in constant time.
 */
function introductions(lines: readonly { line: number; text: string }[], firstTurn: number): Map<string, string> {
  const found = new Map<string, string>();
  const add = (run: string, words: string) => {
    const chars = [...run];
    for (let i = 0; i < chars.length; i++) for (let j = i + 2; j <= chars.length; j++) if (!found.has(chars.slice(i, j).join(''))) found.set(chars.slice(i, j).join(''), words);
  };
  let read = 0;
  for (const { line, text: whole } of lines) {
    if (line >= firstTurn || read >= HEADER_CHARS) break;
    const text = whole.slice(0, HEADER_CHARS - read);
    read += text.length;
    const listing = PARTICIPANTS.some((word) => text.startsWith(word));
    for (let end = 1; end <= text.length; end++) {
      if (!isNameChar(text[end - 1]!)) continue;
      // A name ends at `end` when an honorific or title starts there (佐藤|さん, 佐藤|教授) or, in a
      // participants line, where its run of name characters ends.
      const word = INTRODUCING.find((w) => text.startsWith(w, end));
      const listed = listing && (end === text.length || !isNameChar(text[end]!));
      if (!word && !listed) continue;
      let start = end - 1;
      while (start > 0 && end - start < NAME_RUN && isNameChar(text[start - 1]!)) start--;
      add(text.slice(start, end), text.slice(start, end) + (word === undefined || word === '（' || word === '(' ? '' : word));
    }
  }
  return found;
}

function matchesOverride(variant: Variant, override: RoleOverride): boolean {
  const key = labelKey(override.label);
  return labelKey(variant.label) === key || labelKey(stripGroups(variant.label)) === key;
}

interface Link {
  a: Variant;
  b: Variant;
  reason: string;
}

/** The links that `X（以下、Y）` declarations make between variants, and names for abbreviations no label spells out. */
function declarationsOf(variants: Variant[], declarations: readonly Declaration[]): Link[] {
  const links: Link[] = [];
  const all = [
    ...declarations.map((d) => ({ full: d.full, abbreviation: d.abbreviation, at: `${d.line}:${d.column}` })),
    ...variants.flatMap((v) => v.uses.filter((u) => u.declares).map((u) => ({ full: v.label, abbreviation: u.declares!, at: `${u.line}:${u.column}` }))),
  ];
  // The first variant of each key, from a map; a declaration repeated (a long transcript says
  // `（以下、ラ）` again and again) links nothing new and is not searched for again.
  const byKey = new Map<string, Variant>();
  for (const v of variants) if (!byKey.has(labelKey(v.label))) byKey.set(labelKey(v.label), v);
  const seen = new Set<string>();
  for (const { full, abbreviation, at } of all) {
    const short = byKey.get(labelKey(abbreviation));
    if (!short) continue;
    const once = `${labelKey(abbreviation)}\u0000${full}`;
    if (seen.has(once)) continue;
    seen.add(once);
    short.abbreviation = true;
    const pseudo: Variant = { label: full, ...classifyLabel(full, 'colon'), uses: [] };
    const long = variants.find((v) => v !== short && v.kind === 'name' && (v.label === full || sameName(v, pseudo)));
    if (long && short.kind === 'name') links.push({ a: short, b: long, reason: `「${abbreviation}」 is declared at ${at} to stand for 「${full}」` });
    else short.declaredName ??= full;
  }
  return links;
}

/**
 * A title alone (`【大臣】`, `（総理）`) names the one speaker whose name carries it (`上川外務大臣`,
 * `岸辺総理`) — only when exactly one does: at a joint conference of two ministers it stays apart.
 */
function titleLinks(variants: Variant[], ambiguous: SpeakerAnalysis['ambiguousTitles']): Link[] {
  const links: Link[] = [];
  for (const short of variants) {
    const person = short.parts.person;
    if (short.kind !== 'name' || !person || short.parts.outlet || titleOf(person) !== person) continue;
    const owners = variants.filter((v) => v !== short && v.kind === 'name' && v.parts.person && stripTitle(v.parts.person) !== v.parts.person && titleOf(v.parts.person)?.endsWith(person));
    const people = [...new Map(owners.map((v) => [labelKey(stripTitle(v.parts.person!)), v])).values()];
    if (people.length === 1) links.push({ a: short, b: people[0]!, reason: `「${short.label}」 is the title only 「${people[0]!.label}」 carries` });
    else if (people.length > 1) ambiguous.push({ label: short.label, use: short.uses[0]!, candidates: people.map((v) => v.label) });
  }
  return links;
}

/** Union-find over variants, using the merge rules of the module comment; returns clusters in order of appearance with the merge reasons. */
function cluster(variants: Variant[], links: Link[]): { clusters: Variant[][]; why: Map<number, string[]> } {
  const parent = variants.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const reasons: { i: number; reason: string }[] = [];
  const union = (a: number, b: number, reason: string) => {
    if (find(a) === find(b)) return;
    parent[find(a)] = find(b);
    reasons.push({ i: a, reason });
  };
  // The pairs `sameSpeaker` accepts, found through keys rather than by comparing every pair of
  // variants (quadratic in the number of distinct labels); merged in the order a comparison of
  // every pair would meet them.
  for (const [i, j] of candidatePairs(variants)) {
    const reason = sameSpeaker(variants[i]!, variants[j]!);
    if (reason) union(i, j, `「${variants[i]!.label}」 and 「${variants[j]!.label}」: ${reason}`);
  }
  const index = new Map(variants.map((v, i) => [v, i]));
  for (const link of links) union(index.get(link.a)!, index.get(link.b)!, link.reason);
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
  const clusters = [...groups.values()].sort((a, b) => lines.get(a)! - lines.get(b)!);
  // Each variant's cluster from a map: searching the clusters for every reason was quadratic.
  const clusterOf = new Map<Variant, number>();
  clusters.forEach((members, index) => members.forEach((v) => clusterOf.set(v, index)));
  const why = new Map<number, string[]>();
  for (const { i, reason } of reasons) {
    const index = clusterOf.get(variants[i]!)!;
    const list = why.get(index);
    if (list) list.push(`merged ${reason}`);
    else why.set(index, [`merged ${reason}`]);
  }
  return { clusters, why };
}

/**
 * Pairs (i < j) of variants that `sameSpeaker` may accept, enough to connect every pair it accepts:
 * role words and dashes by kind; names by person key, by family name (2+ characters), by outlet
 * when no person is named, and by a family name that starts another labelled name. Inside each
 * group only pairs whose outlets and role hints agree are linked, through one variant per
 * (outlet, hint), so the pairs grow with the variants, not with their square.
 */
function candidatePairs(variants: Variant[]): [number, number][] {
  const pairs: [number, number][] = [];
  const link = (a: number, b: number) => {
    if (a !== b) pairs.push(a < b ? [a, b] : [b, a]);
  };
  const outletOf = (v: Variant) => (v.parts.outlet ? labelKey(v.parts.outlet) : undefined);
  const agree = (a: Variant, b: Variant) => {
    const [oa, ob] = [outletOf(a), outletOf(b)];
    const [ha, hb] = [a.parts.roleHint, b.parts.roleHint];
    return (oa === undefined || ob === undefined || oa === ob) && (ha === undefined || hb === undefined || ha === hb);
  };
  const groups = new Map<string, number[]>();
  const add = (key: string, i: number) => {
    const group = groups.get(key);
    if (group) group.push(i);
    else groups.set(key, [i]);
  };
  const personKey = new Map<number, string>();
  const families = new Map<string, number[]>();
  variants.forEach((v, i) => {
    if (v.kind !== 'name') return add(`kind\u0000${v.kind}`, i);
    const person = v.parts.person;
    if (person === undefined) {
      if (v.parts.outlet) add(`outlet\u0000${outletOf(v)}`, i);
      return;
    }
    const key = labelKey(stripTitle(person));
    personKey.set(i, key);
    add(`person\u0000${key}`, i);
    const family = labelKey(familyName(stripTitle(person)));
    if (family.length >= 2) {
      add(`family\u0000${family}`, i);
      if (v.uses.length === 0 || v.uses.some(explicit)) {
        const list = families.get(family);
        if (list) list.push(i);
        else families.set(family, [i]);
      }
    }
  });
  // Sub-groups of one (outlet, hint): their members agree with each other.
  const byAgreement = (members: number[]) => {
    const sub = new Map<string, number[]>();
    for (const i of members) {
      const key = `${outletOf(variants[i]!) ?? ''}\u0000${variants[i]!.parts.roleHint ?? ''}`;
      const list = sub.get(key);
      if (list) list.push(i);
      else sub.set(key, [i]);
    }
    return [...sub.values()];
  };
  // Within a group every pair meets the key rule: link each sub-group to its first member, then one
  // member of each sub-group to one of every sub-group it agrees with. A sub-group without an
  // outlet (at most one per hint) or without a hint (at most one per outlet) is the only kind that
  // agrees with another, so this stays linear.
  for (const members of groups.values()) {
    const subs = byAgreement(members);
    for (const sub of subs) for (let k = 1; k < sub.length; k++) link(sub[0]!, sub[k]!);
    const byOutlet = new Map<string, number[][]>();
    for (const sub of subs) {
      const outlet = outletOf(variants[sub[0]!]!);
      if (outlet === undefined) continue;
      const list = byOutlet.get(outlet);
      if (list) list.push(sub);
      else byOutlet.set(outlet, [sub]);
    }
    for (const sub of subs) {
      const first = variants[sub[0]!]!;
      const outlet = outletOf(first);
      const others = outlet === undefined ? subs : first.parts.roleHint === undefined ? byOutlet.get(outlet)! : [];
      for (const other of others) if (other !== sub && agree(first, variants[other[0]!]!)) link(sub[0]!, other[0]!);
    }
  }
  // `ラブロフ外務大臣` and `ラブロフ`: a labelled name whose key starts with another labelled
  // variant's family name. The variants of one family that agree are linked above, so one of each
  // (outlet, hint) sub-group is enough; for a name without an outlet the answer is remembered.
  const familySubs = new Map<string, { all: number[][]; byOutlet: Map<string, number[][]> }>();
  const remembered = new Map<string, number[]>();
  variants.forEach((v, i) => {
    const key = personKey.get(i);
    if (key === undefined || !(v.uses.length === 0 || v.uses.some(explicit))) return;
    const outlet = outletOf(v);
    for (let length = 2; length <= key.length; length++) {
      const family = key.slice(0, length);
      const members = families.get(family);
      if (!members) continue;
      let subs = familySubs.get(family);
      if (!subs) {
        const all = byAgreement(members);
        const byOutlet = new Map<string, number[][]>();
        for (const sub of all) {
          const o = outletOf(variants[sub[0]!]!) ?? '';
          const list = byOutlet.get(o);
          if (list) list.push(sub);
          else byOutlet.set(o, [sub]);
        }
        familySubs.set(family, (subs = { all, byOutlet }));
      }
      const memo = outlet === undefined ? `${family}\u0000${v.parts.roleHint ?? ''}` : undefined;
      const known = memo === undefined ? undefined : remembered.get(memo);
      if (known) {
        if (known[0] !== undefined) link(i, known[0]);
        continue;
      }
      // A name with an outlet agrees only with the same outlet or none; one without, with any.
      const near = outlet === undefined ? subs.all : [...(subs.byOutlet.get(outlet) ?? []), ...(subs.byOutlet.get('') ?? [])];
      const agreeing = near.filter((sub) => agree(v, variants[sub[0]!]!));
      for (const sub of agreeing) link(i, sub[0]!);
      if (memo !== undefined) remembered.set(memo, agreeing.map((sub) => sub[0]!));
    }
  });
  return pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}

/** Why two variants are one speaker, or undefined. */
function sameSpeaker(a: Variant, b: Variant): string | undefined {
  if (a.kind !== b.kind) return undefined;
  if (a.kind !== 'name') return a.kind === 'dash' ? 'both magazine dashes' : `both ${a.kind.replace('-word', '')} words`;
  return sameName(a, b);
}

/** Why two name variants are one person, or undefined. */
function sameName(a: Variant, b: Variant): string | undefined {
  const pa = a.parts;
  const pb = b.parts;
  if (pa.outlet && pb.outlet && labelKey(pa.outlet) !== labelKey(pb.outlet)) return undefined;
  if (pa.roleHint && pb.roleHint && pa.roleHint !== pb.roleHint) return undefined;
  if (pa.person === undefined || pb.person === undefined) {
    return pa.person === undefined && pb.person === undefined && pa.outlet && pb.outlet ? 'the same outlet' : undefined;
  }
  const keyA = labelKey(stripTitle(pa.person));
  const keyB = labelKey(stripTitle(pb.person));
  if (keyA === keyB) return 'the same name';
  const familyA = labelKey(familyName(stripTitle(pa.person)));
  const familyB = labelKey(familyName(stripTitle(pb.person)));
  if (familyA.length >= 2 && familyA === familyB) return `the same family name ${familyName(stripTitle(pa.person))}`;
  // `ラブロフ外務大臣` and `ラブロフ` — but only between explicit labels, where a title-like bare line cannot sneak in.
  const labelled = (v: Variant) => v.uses.length === 0 || v.uses.some(explicit);
  if (!labelled(a) || !labelled(b)) return undefined;
  if ((familyB.length >= 2 && keyA.startsWith(familyB)) || (familyA.length >= 2 && keyB.startsWith(familyA))) return 'one name starts with the other';
  return undefined;
}

function describe(members: Variant[], why: string[]): SpeakerInfo {
  const uses = members.reduce((n, v) => n + v.uses.length, 0);
  // A set-off question has no label written: nothing to list.
  const aliases = [...members]
    .filter((v) => !v.uses.every((u) => u.style === 'set-off'))
    .sort((a, b) => a.uses[0]!.line - b.uses[0]!.line)
    .map((v) => v.label);
  // 話者1, Speaker 2: a transcription tool's placeholder names no person (no title, no interviewee is made of it).
  const personal = members[0]!.kind === 'name' && !members.every((v) => isPlaceholderName(v.label));
  return { id: '', label: '', role: 'other', aliases, uses, personal, why: [...why] };
}

/** Decides every speaker's role; returns the decisions no label stated. */
function assignRoles(speakers: SpeakerInfo[], clusters: Variant[][]): RoleDecision[] {
  const decided: (Role | undefined)[] = clusters.map((members, i) => {
    const speaker = speakers[i]!;
    const forced = members.find((v) => v.forced);
    if (forced) {
      speaker.why.push(`role ${forced.forced} set by --speaker '${forced.label}=${forced.forced}'`);
      return forced.forced;
    }
    const kind = members[0]!.kind;
    const variant = `「${members[0]!.label}」`;
    if (kind === 'interviewer-word' || kind === 'dash') {
      const setOff = members.every((v) => v.uses.every((u) => u.style === 'set-off'));
      speaker.why.push(
        setOff
          ? 'asks in lines the markup sets off (bold, a heading, a <dt>, a question class), each followed by an unlabelled answer'
          : `${variant} ${kind === 'dash' ? 'is a magazine dash, the interviewer’s mark' : 'names the interviewer’s role'}`,
      );
      return 'interviewer';
    }
    if (kind === 'answer-word') return note(speaker, `${variant} names the answering side`, 'interviewee');
    if (kind === 'moderator-word') return note(speaker, `${variant} names the moderator’s role`, 'moderator');
    if (kind === 'other-word') return note(speaker, `${variant} names neither side (interpreter, narration)`, 'other');
    const hinted = members.find((v) => v.parts.roleHint);
    if (hinted) {
      const { outlet, roleHint } = hinted.parts;
      const because = roleHint === 'interviewer' ? (outlet ? `carries the outlet 「${outlet}」` : 'says 記者') : `carries the title of a ${roleHint}`;
      return note(speaker, `「${hinted.label}」 ${because}`, roleHint!);
    }
    return undefined;
  });

  const decisions: RoleDecision[] = [];
  if (!decided.includes('interviewer')) {
    const candidates = decided.flatMap((role, i) => (role === undefined ? [i] : []));
    const answerWord = decided.findIndex((role, i) => role === 'interviewee' && clusters[i]![0]!.kind === 'answer-word');
    const moderator = decided.indexOf('moderator');
    const ratios = new Map(candidates.map((i) => [i, questionRatio(clusters[i]!.flatMap((v) => v.uses))]));
    const best = Math.max(0, ...ratios.values());
    const top = candidates.filter((i) => ratios.get(i) === best);
    const others = (i: number) => candidates.filter((j) => j !== i).map((j) => speakers[j]!);
    const take = (i: number, reason: string, kind?: RoleDecision['kind']) => {
      decided[i] = 'interviewer';
      speakers[i]!.why.push(reason);
      if (kind) decisions.push({ kind, speaker: speakers[i]!, others: others(i), reason });
    };
    const percent = (i: number) => `${Math.round(ratios.get(i)! * 100)} % of its turns end as a question`;
    if (answerWord >= 0 && candidates.length === 1) take(candidates[0]!, `the other side is labelled as answering (「${speakers[answerWord]!.aliases[0]}」)`);
    else if (best > 0 && top.length === 1) take(top[0]!, `asks: ${percent(top[0]!)}, more than any other speaker's`, candidates.length >= 3 ? 'by-questions' : undefined);
    else if (moderator >= 0) take(moderator, 'no one else asks: the moderator’s turns start the questions', 'moderator-asks');
    else if (candidates.length >= 3) decisions.push({ kind: 'undecided', speaker: speakers[candidates[0]!]!, others: others(candidates[0]!), reason: 'no label says who asks and no speaker asks more than the others' });
    else if (candidates.length > 0) take(candidates[0]!, 'no rule decided who asks; assumed from who speaks first', 'guessed');
  }
  decided.forEach((role, i) => {
    if (role === undefined) {
      speakers[i]!.why.push('answers: a person who is not the interviewer');
      speakers[i]!.role = 'interviewee';
    } else speakers[i]!.role = role;
  });
  return decisions;
}

function note(speaker: SpeakerInfo, reason: string, role: Role): Role {
  speaker.why.push(reason);
  return role;
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
  const declared = members.find((v) => v.declaredName)?.declaredName;
  const done = (rule: string) => void speaker.why.push(`prints 「${speaker.label}」: ${rule}`);
  if (declared) {
    speaker.name = declared;
    if (!speaker.aliases.includes(declared)) speaker.aliases.push(declared);
  }
  if (kind === 'dash') {
    // Manuscript turns need a printable label; a dash is a layout convention, not a name.
    speaker.label = '質問';
    return done('a dash is not printable, the interviewer’s role word is');
  }
  if (kind !== 'name') {
    const word = kind === 'interviewer-word' ? byUse.find((v) => PRINTABLE_INTERVIEWER_WORDS.has(labelKey(v.label))) : undefined;
    speaker.label = (word ?? byUse[0]!).label.replace(/[.．]$/, '');
    return done(word ? 'the role word, spelled out' : 'the role word used most');
  }
  const outlets = byUse.map((v) => v.parts.outlet).filter((o): o is string => o !== undefined);
  if (outlets[0]) speaker.outlet = outlets[0];
  const reporter = members.some((v) => v.parts.roleHint === 'interviewer');
  // The fullest spelling (most name parts, then longest, then most used) is the name. The label is
  // its family name; for a name written without separators (鈴木一郎), a shorter variant that
  // starts it (鈴木) is the family name. A declared abbreviation is never the name.
  const persons = members
    .filter((v) => !v.abbreviation && v.parts.person !== undefined)
    .map((v) => ({ person: v.parts.person!, uses: count(v), line: v.uses[0]?.line ?? 0 }));
  if (declared) {
    const parts = readLabelParts(declared);
    if (parts.person) persons.push({ person: parts.person, uses: 0, line: 0 });
  }
  persons.sort((a, b) => b.uses - a.uses || a.line - b.line);
  if (persons.length === 0) {
    // A reporter named only by the outlet (【NHK記者】, 記者（NHK）).
    speaker.label = `${speaker.outlet ?? byUse[0]!.label}記者`;
    return done('a reporter named by the outlet only: outlet + 記者');
  }
  const fullest = [...persons].sort(
    (a, b) =>
      nameParts(stripTitle(b.person)).length - nameParts(stripTitle(a.person)).length ||
      stripTitle(b.person).length - stripTitle(a.person).length ||
      b.person.length - a.person.length ||
      b.uses - a.uses,
  )[0]!.person;
  const bare = stripTitle(fullest);
  if ((reporter && isDesignatedReporter(bare)) || isPlaceholderName(bare)) {
    speaker.label = bare;
    return done(reporter ? 'a reporter told apart by a letter or number: printed as written' : 'a numbered voice of a transcription tool: printed as written');
  }
  let family = familyName(bare) || bare;
  if (family === bare) {
    const prefix = persons
      .map((p) => stripTitle(p.person))
      .filter((p) => p !== bare && labelKey(bare).startsWith(labelKey(p)))
      .sort((a, b) => a.length - b.length)[0];
    if (prefix) family = prefix;
  }
  speaker.label = reporter ? `${family}記者` : family;
  // A reporter's name is the person (記者 is the label's); anyone else's keeps the title (森川外務大臣).
  const name = reporter ? bare : fullest;
  if (name !== speaker.label) speaker.name = name;
  done(reporter ? 'a reporter: family name + 記者' : 'a person: the family name of the fullest spelling');
}

function assignIds(speakers: SpeakerInfo[]): void {
  const counts = new Map<Role, number>();
  let other = 0;
  for (const speaker of speakers) {
    if (speaker.role === 'other') {
      speaker.id = `speaker-${++other}`;
      continue;
    }
    const n = (counts.get(speaker.role) ?? 0) + 1;
    counts.set(speaker.role, n);
    speaker.id = n === 1 ? speaker.role : `${speaker.role}-${n}`;
  }
}
