/** The seed manuscript, optionally with extra front matter, typeset as a build would do it. */
import { readFileSync } from 'node:fs';
import { VFile } from 'vfile';
import { parseManuscript } from '../../../src/manuscript/parse.js';
import { partsRoot, renderBook } from '../../../src/render/parts.js';
import { applyTypography } from '../../../src/transform/preset.js';

export const SEED = readFileSync(new URL('../../../manuscript/000_723cf04ae7573580.md', import.meta.url), 'utf8');

/** Every optional field issue 14 added, as an editor would fill them in. */
export const FULL_FRONT_MATTER = `
subtitle: 外交は忘れ去られたのか
title_reading: もすくわでのいんたびゅー
interviewee_reading: ラブロフ セルゲイ
translation: true
source_language: ru
translator: 山田花子
translator_reading: ヤマダ ハナコ
publisher: くみはん書房
publisher_reading: クミハンショボウ
issuer: 組版太郎
contact: 東京都千代田区1-2-3
printer: 試験印刷
rights: © 2026 くみはん書房
published: 2026-12-10
series: 外交インタビュー叢書
series_reading: がいこういんたびゅーそうしょ
series_position: 2
`;

/** The seed manuscript with `extra` front-matter lines after `lang: ja`. */
export function seedWith(extra: string): string {
  return SEED.replace(/^lang: ja$/mu, `lang: ja\n${extra.trim()}`);
}

/** Parses, renders and typesets a manuscript: the book and parts the writers get. */
export function typeset(text: string, path = 'book.md') {
  const book = parseManuscript(text, path);
  const parts = renderBook(book);
  applyTypography(partsRoot(parts), new VFile({ path, value: text }));
  return { book, parts };
}
