/** What the benchmark found, as data (bench.json) and as Markdown tables (stdout). */
import { formatMebibytes, formatMilliseconds, formatRatio, formatSeconds, markdownTable, median, pairedRatio } from './stats.js';

/** Stages the build reports (core/build.ts), in pipeline order. */
export const STAGES = ['parse', 'transform', 'html', 'epub', 'pdf', 'booklet'] as const;

import type { PreviewReport } from './preview.js';

/** One measured round: a kumihan build beside a bare Vivliostyle build of the same HTML, and so on. */
export interface Round {
  /** Which ran first in this round (they alternate). */
  first: 'kumihan' | 'floor';
  kumihanMs: number;
  /** CPU time of the whole process tree (user + system). */
  kumihanCpuMs: number;
  kumihanRssBytes: number;
  kumihanPssBytes: number;
  /** Node's start and loading the CLI, until the build command's action began. */
  startupMs: number;
  stagesMs: Record<string, number>;
  floorMs: number;
  floorCpuMs: number;
  floorRssBytes: number;
  floorPssBytes: number;
  /** `kumihan build --pdf`: the same output as the floor. */
  pdfOnlyMs?: number;
  pdfOnlyCpuMs?: number;
  epubMs?: number;
  epubRssBytes?: number;
  pandocMs?: number;
}

/** All rounds of one book and their medians. */
export interface BookReport {
  label: string;
  /** How many times the manuscript's questions were repeated. */
  factor: number;
  manuscript: string;
  characters: number;
  pages: number;
  rounds: Round[];
  summary: Summary;
}

export interface Summary {
  kumihanMs: number;
  floorMs: number;
  /** Median over rounds of kumihan ÷ floor within the round. */
  ratio: number;
  kumihanCpuMs: number;
  floorCpuMs: number;
  /** The same for CPU time: the work done, which a busy machine changes less than the wall clock. */
  cpuRatio: number;
  pdfOnlyMs?: number;
  /** `kumihan build --pdf` ÷ floor, median of paired rounds. */
  pdfRatio?: number;
  startupMs: number;
  stagesMs: Record<string, number>;
  msPerPage: number;
  peakRssBytes: number;
  peakPssBytes: number;
  floorPeakRssBytes: number;
  floorPeakPssBytes: number;
  epubMs?: number;
  pandocMs?: number;
  epubRatio?: number;
  epubPeakRssBytes?: number;
}

/** Start-up probes: whole-process times of commands that do little besides starting. */
export interface StartupReport {
  helpMs: number[];
  noopRebuildMs: number[];
  nodeBaselineMs: number[];
  /** `kumihan build --epub --force` of the manuscript (absent in reports from before these were measured). */
  epubMs?: number[];
  /** `kumihan import` of the manuscript's transcript; empty when it has none. */
  importMs?: number[];
}

/** One build of a long synthetic book (`--questions`): the PDF alone, measured from the outside. */
export interface LongBookRun {
  wallMs: number;
  /** CPU time of every process of the build, Chromium's renderer included (sampled, see proc.ts). */
  cpuMs: number;
  /** The `pdf` stage as kumihan reports it (NaN for a kumihan without --timings). */
  pdfStageMs: number;
  peakRssBytes: number;
}

/** A book of `questions` questions shaped like the manuscript's (scale.ts, syntheticBook), built with --pdf. */
export interface LongBookReport {
  questions: number;
  characters: number;
  pages: number;
  runs: LongBookRun[];
}

export interface BenchReport {
  date: string;
  command: string;
  environment: Record<string, string>;
  runs: number;
  books: BookReport[];
  /** Long books by question count (`--scale --questions`). */
  long?: LongBookReport[];
  startup?: StartupReport;
  /** Save → updated pages in `kumihan preview`. */
  preview?: PreviewReport;
  elapsedMs: number;
}

/** Medians of a book's rounds. */
export function summarize(rounds: readonly Round[], pages: number): Summary {
  const pick = (key: keyof Round) => rounds.map((round) => round[key]).filter((value): value is number => typeof value === 'number');
  const kumihanMs = median(pick('kumihanMs'));
  const stagesMs = Object.fromEntries(
    [...new Set(rounds.flatMap((round) => Object.keys(round.stagesMs)))].map((stage) => [stage, median(rounds.map((round) => round.stagesMs[stage] ?? Number.NaN))]),
  );
  const epub = pick('epubMs');
  const pandoc = pick('pandocMs');
  return {
    kumihanMs,
    floorMs: median(pick('floorMs')),
    ratio: pairedRatio(pick('kumihanMs'), pick('floorMs')),
    kumihanCpuMs: median(pick('kumihanCpuMs')),
    floorCpuMs: median(pick('floorCpuMs')),
    cpuRatio: pairedRatio(pick('kumihanCpuMs'), pick('floorCpuMs')),
    ...(pick('pdfOnlyMs').length ? { pdfOnlyMs: median(pick('pdfOnlyMs')), pdfRatio: pairedRatio(pick('pdfOnlyMs'), pick('floorMs')) } : {}),
    startupMs: median(pick('startupMs')),
    stagesMs,
    msPerPage: kumihanMs / pages,
    peakRssBytes: Math.max(...pick('kumihanRssBytes')),
    peakPssBytes: Math.max(...pick('kumihanPssBytes')),
    floorPeakRssBytes: Math.max(...pick('floorRssBytes')),
    floorPeakPssBytes: Math.max(...pick('floorPssBytes')),
    ...(epub.length ? { epubMs: median(epub), epubPeakRssBytes: Math.max(...pick('epubRssBytes')) } : {}),
    ...(pandoc.length ? { pandocMs: median(pandoc), epubRatio: pairedRatio(epub, pandoc) } : {}),
  };
}

/** The table of one book: stage medians, whole-process times, ratios and memory. */
export function bookTable(book: BookReport): string {
  const { summary: s } = book;
  const rows: string[][] = [
    ...STAGES.filter((stage) => stage in s.stagesMs).map((stage) => [`stage: ${stage}${stage === 'epub' ? ' (beside the PDF)' : ''}`, formatSeconds(s.stagesMs[stage])]),
    ['start-up (Node + CLI modules)', formatMilliseconds(s.startupMs)],
    ['**kumihan build** (whole process)', `**${formatSeconds(s.kumihanMs)}**`],
    ['bare `vivliostyle build` of the same HTML (floor)', formatSeconds(s.floorMs)],
    ['**kumihan ÷ floor** (median of paired rounds)', `**${formatRatio(s.ratio)}**`],
    ['CPU time (process tree): kumihan / floor', `${formatSeconds(s.kumihanCpuMs)} / ${formatSeconds(s.floorCpuMs)}`],
    ['CPU time kumihan ÷ floor (median of paired rounds)', formatRatio(s.cpuRatio)],
    ['time per page', `${formatMilliseconds(s.msPerPage)} (${book.pages} pages)`],
    ['peak memory, kumihan build (process tree: RSS sum / PSS sum)', memory(s.peakRssBytes, s.peakPssBytes)],
    ['peak memory, floor (process tree: RSS sum / PSS sum)', memory(s.floorPeakRssBytes, s.floorPeakPssBytes)],
  ];
  if (s.pdfOnlyMs !== undefined) {
    rows.push(["kumihan build --pdf (whole process, the floor's output only)", formatSeconds(s.pdfOnlyMs)]);
    rows.push(['kumihan build --pdf ÷ floor (median of paired rounds)', formatRatio(s.pdfRatio)]);
  }
  if (s.epubMs !== undefined) {
    rows.push(['**kumihan build --epub** (whole process)', `**${formatSeconds(s.epubMs)}**`]);
    if (s.pandocMs !== undefined) {
      rows.push(['`pandoc manuscript.md -o x.epub`', formatSeconds(s.pandocMs)]);
      rows.push(['**EPUB ÷ pandoc** (median of paired rounds)', `**${formatRatio(s.epubRatio)}**`]);
    }
    rows.push(['peak RSS, kumihan build --epub', formatMebibytes(s.epubPeakRssBytes)]);
  }
  return markdownTable([`${book.label} (median of ${book.rounds.length})`, 'time'], rows, ['left', 'right']);
}

/**
 * The scale table: one row per book size. "Marginal" is the extra time per extra page against the
 * next smaller book: constant when growth is linear, whatever the fixed start-up cost.
 */
export function scaleTable(books: readonly BookReport[]): string {
  const sorted = [...books].sort((a, b) => a.pages - b.pages);
  const rows = sorted.map((book, index) => {
    const previous = sorted[index - 1];
    const marginal = previous ? (book.summary.kumihanMs - previous.summary.kumihanMs) / (book.pages - previous.pages) : Number.NaN;
    return [
      `×${book.factor}`,
      String(book.pages),
      formatSeconds(book.summary.kumihanMs, 1),
      formatMilliseconds(book.summary.msPerPage),
      formatMilliseconds(marginal),
      formatSeconds(book.summary.floorMs, 1),
      formatRatio(book.summary.ratio),
      memory(book.summary.peakRssBytes, book.summary.peakPssBytes),
      memory(book.summary.floorPeakRssBytes, book.summary.floorPeakPssBytes),
    ];
  });
  return markdownTable(
    ['book', 'pages', 'kumihan build', 'per page', 'marginal per page', 'floor', 'kumihan ÷ floor', 'peak RSS / PSS', 'floor peak RSS / PSS'],
    rows,
    ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
  );
}

/**
 * The long-book table: one row per question count, `kumihan build --pdf` (median of its runs).
 * Time per page is what must stay flat as the book grows; CPU per page is the same work as the
 * machine's load leaves it (the wall clock on a shared machine is not).
 */
export function longBookTable(books: readonly LongBookReport[]): string {
  const sorted = [...books].sort((a, b) => a.questions - b.questions);
  const rows = sorted.map((book) => {
    const wall = median(book.runs.map((run) => run.wallMs));
    const cpu = median(book.runs.map((run) => run.cpuMs));
    const stage = median(book.runs.map((run) => run.pdfStageMs));
    return [
      String(book.questions),
      String(book.pages),
      formatSeconds(wall, 1),
      formatSeconds(wall / book.pages),
      formatSeconds(cpu, 1),
      formatSeconds(cpu / book.pages),
      formatSeconds(stage, 1),
      formatMebibytes(Math.max(...book.runs.map((run) => run.peakRssBytes))),
    ];
  });
  return markdownTable(
    ['questions', 'pages', 'build --pdf', 's/page', 'CPU (all processes)', 'CPU s/page', 'pdf stage', 'peak RSS sum'],
    rows,
    ['right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
  );
}

/** The start-up table: `--help`, a rebuild with nothing to do, an EPUB-only build and an import, beside `node -e 0`. */
export function startupTable(startup: StartupReport): string {
  return markdownTable(
    ['command (whole process)', 'median'],
    [
      ['`node -e 0` (Node alone)', formatMilliseconds(median(startup.nodeBaselineMs))],
      ['`kumihan --help`', formatMilliseconds(median(startup.helpMs))],
      ['`kumihan build` with nothing to rebuild', formatMilliseconds(median(startup.noopRebuildMs))],
      ['`kumihan build --epub --force` (EPUB only)', formatMilliseconds(median(startup.epubMs ?? []))],
      ['`kumihan import` of the transcript', formatMilliseconds(median(startup.importMs ?? []))],
    ],
    ['left', 'right'],
  );
}

/** The preview table: save → updated pages (the goal is under 2 s for the seed) and the server's share. */
export function previewTable(preview: PreviewReport): string {
  const saves = preview.rounds.map((round) => round.saveToPagesMs);
  return markdownTable(
    [`\`kumihan preview\` (median of ${preview.rounds.length}; page ${preview.page} of ${preview.pages})`, 'time'],
    [
      ['**save → updated page in the browser**', `**${formatSeconds(median(saves))}**`],
      ['slowest save → updated page', formatSeconds(saves.reduce((most, ms) => Math.max(most, ms), 0))],
      ['of which the server rewriting the print HTML', formatSeconds(median(preview.rounds.map((round) => round.serverMs)))],
      ['CPU time meanwhile (preview server + browser processes)', formatSeconds(median(preview.rounds.map((round) => round.cpuMs)))],
      ['first load (viewer opened → document complete)', formatSeconds(preview.firstLoadMs)],
    ],
    ['left', 'right'],
  );
}

/** The whole Markdown report. */
export function renderReport(report: BenchReport): string {
  const sections = [`## kumihan benchmark — ${report.date}`, `\`${report.command}\``, environmentLine(report.environment)];
  const [first] = report.books;
  if (first) sections.push(bookTable(first));
  if (report.startup) sections.push(startupTable(report.startup));
  if (report.preview) sections.push(previewTable(report.preview));
  if (report.books.length > 1) sections.push(scaleTable(report.books));
  if (report.long?.length) sections.push(longBookTable(report.long));
  sections.push(`Benchmark took ${formatSeconds(report.elapsedMs, 0)}.`);
  return `${sections.join('\n\n')}\n`;
}

function memory(rss: number, pss: number): string {
  return `${formatMebibytes(rss)} / ${formatMebibytes(pss)}`;
}

function environmentLine(environment: Record<string, string>): string {
  return Object.entries(environment)
    .map(([key, value]) => `${key}: ${value}`)
    .join(' · ');
}
