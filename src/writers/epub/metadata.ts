/** Package metadata (OPF `<metadata>`) derived from the front matter: never from the clock. */
import type { FrontMatter } from '../../config/schema.js';
import { intervieweeName, newestEdition } from '../../config/describe.js';
import type { PackageModel, Person } from './templates.js';

/** `dcterms:modified` of a build: the newest edition's date at midnight UTC. */
export function modifiedDate(meta: FrontMatter): string {
  return `${newestEdition(meta).date}T00:00:00Z`;
}

/**
 * Creators and contributors with MARC relator roles (aut, ivr, trl) and their readings (`file-as`)
 * when the front matter gives them.
 */
export function people(meta: FrontMatter): { creators: Person[]; contributors: Person[] } {
  const interviewee = intervieweeName(meta);
  // One interviewer's name; at a press conference no single reporter is the book's interviewer.
  const askers = meta.speakers.filter((speaker) => speaker.role === 'interviewer');
  const interviewer = meta.interviewer ?? (askers.length === 1 ? askers[0]!.name : undefined);
  const creators: Person[] = interviewee ? [{ id: 'creator01', name: interviewee, role: 'aut', fileAs: fileAs(meta.interviewee_reading) }] : [];
  const contributors: Person[] = [];
  const add = (name: string | undefined, role: string, reading?: string) => {
    if (name) contributors.push({ id: `contributor${String(contributors.length + 1).padStart(2, '0')}`, name, role, fileAs: fileAs(reading) });
  };
  // The person who asked and the medium that conducted the interview are both "interviewer" (ivr).
  add(interviewer, 'ivr', meta.interviewer ? meta.interviewer_reading : undefined);
  add(meta.outlet, 'ivr');
  add(meta.translator, 'trl', meta.translator_reading);
  return { creators, contributors };
}

/** A reading as a sort key: katakana, as the Denshokyo guide's samples give `file-as`. */
export function fileAs(reading: string | undefined): string | undefined {
  const trimmed = reading?.trim();
  if (!trimmed) return undefined;
  return trimmed.replace(/[\u3041-\u3096]/gu, (kana) => String.fromCharCode(kana.charCodeAt(0) + 0x60));
}

/** `dc:rights`: the front matter's `rights` as written; absent → absent (never made up from a year and a name). */
export function rightsStatement(meta: FrontMatter): string | undefined {
  return meta.rights?.trim() || undefined;
}

/**
 * `dc:source`: the original's URL, else its document number, with the original's language when
 * the front matter states it; none → none.
 */
export function sourceOf(meta: FrontMatter): PackageModel['source'] {
  const value = meta.source?.url?.trim() || meta.source?.document?.trim();
  if (!value) return undefined;
  return { value, language: meta.source_language };
}

/** The conformance the EPUB claims: EPUB Accessibility 1.1 at WCAG 2.1 AA, checked by Ace by DAISY in the tests. */
export const CONFORMANCE = {
  conformsTo: 'EPUB Accessibility 1.1 - WCAG 2.1 Level AA',
  /** Who evaluated it: kumihan's build, whose tests run Ace on every kind of book it writes (no person or body certified it). */
  certifiedBy: 'kumihan',
} as const;

/**
 * EPUB Accessibility 1.1 discovery and conformance metadata; `hasRuby` adds the rubyAnnotations
 * feature; the summary says what pictures and notes the book has. The claim is what kumihan's own
 * tests establish for every book it writes: Ace by DAISY finds no violation
 * (test/integration/epub-stores.test.ts, test/integration/notes-pictures.test.ts).
 */
export function accessibility(options: { hasRuby: boolean; hasFigures?: boolean; hasNotes?: boolean }): PackageModel['accessibility'] {
  const features = ['structuralNavigation', 'tableOfContents', 'readingOrder', 'alternativeText', 'displayTransformability'];
  if (options.hasRuby) features.push('rubyAnnotations');
  return {
    accessModes: ['textual', 'visual'],
    accessModesSufficient: ['textual'],
    features,
    hazards: ['none'],
    summary:
      '縦書き・右開きの日本語リフロー型電子書籍です。本文はすべてテキストで、見出しと目次による構造的なナビゲーションがあり、' +
      '読み上げ順は表示順と一致します。' +
      (options.hasFigures ? '画像は表紙と図版で、図版には代替テキストとキャプションを付けています。' : '画像は表紙のみで、代替テキストを付けています。') +
      (options.hasNotes ? '訳注は本文の注番号からリンクし、注から本文へ戻れます。' : '') +
      'EPUB Accessibility 1.1（WCAG 2.1 レベル AA）への適合は、組版ツール kumihan が Ace by DAISY による検査で確認しています。',
    ...CONFORMANCE,
  };
}
