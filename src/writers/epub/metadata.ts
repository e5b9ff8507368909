/** Package metadata (OPF `<metadata>`) derived from the front matter: never from the clock. */
import type { Edition, FrontMatter } from '../../config/schema.js';
import { intervieweeName, newestEdition } from '../../config/describe.js';
import type { PackageModel, Person } from './templates.js';

/** The edition with the earliest date. */
export function firstEdition(meta: FrontMatter): Edition {
  const [first, ...rest] = meta.editions;
  if (!first) throw new Error('front matter has no edition');
  return rest.reduce((oldest, edition) => (edition.date < oldest.date ? edition : oldest), first);
}

/** `dcterms:modified` of a build: the newest edition's date at midnight UTC. */
export function modifiedDate(meta: FrontMatter): string {
  return `${newestEdition(meta).date}T00:00:00Z`;
}

/** Creators and contributors with MARC relator roles (aut, ivr, trl). */
export function people(meta: FrontMatter): { creators: Person[]; contributors: Person[] } {
  const interviewee = intervieweeName(meta);
  // One interviewer's name; at a press conference no single reporter is the book's interviewer.
  const askers = meta.speakers.filter((speaker) => speaker.role === 'interviewer');
  const interviewer = meta.interviewer ?? (askers.length === 1 ? askers[0]!.name : undefined);
  const creators: Person[] = interviewee ? [{ id: 'creator-1', name: interviewee, role: 'aut' }] : [];
  const contributors: Person[] = [];
  // The person who asked and the medium that conducted the interview are both "interviewer" (ivr).
  for (const name of [interviewer, meta.outlet]) {
    if (name) contributors.push({ id: `contributor-${contributors.length + 1}`, name, role: 'ivr' });
  }
  if (meta.translator) contributors.push({ id: `contributor-${contributors.length + 1}`, name: meta.translator, role: 'trl' });
  return { creators, contributors };
}

/**
 * `meta.rights`, else "© YEAR HOLDER" with the first edition's year (a build never stamps the
 * current year) and the publisher, translator or outlet as holder; none known → no `dc:rights`.
 */
export function rightsStatement(meta: FrontMatter): string | undefined {
  if (meta.rights?.trim()) return meta.rights.trim();
  const holder = meta.publisher ?? meta.translator ?? meta.outlet;
  return holder ? `© ${firstEdition(meta).date.slice(0, 4)} ${holder}` : undefined;
}

/** EPUB Accessibility 1.1 discovery metadata; `hasRuby` adds the rubyAnnotations feature. */
export function accessibility(options: { hasRuby: boolean }): PackageModel['accessibility'] {
  const features = ['structuralNavigation', 'tableOfContents', 'readingOrder', 'alternativeText'];
  if (options.hasRuby) features.push('rubyAnnotations');
  return {
    accessModes: ['textual', 'visual'],
    accessModesSufficient: ['textual'],
    features,
    hazards: ['none'],
    summary:
      '縦書き・右開きの日本語リフロー型電子書籍です。本文はすべてテキストで、見出しと目次による構造的なナビゲーションがあり、' +
      '読み上げ順は表示順と一致します。画像は表紙のみで、代替テキストを付けています。',
  };
}

