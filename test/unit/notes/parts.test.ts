/**
 * Translator's notes in a book with parts (`#`): a note referred to from a part head is set at the
 * end of that part head's EPUB file, and a later question that refers to it again sets it again
 * under ids of its own, so every noteref links inside its own file; numbering runs through the book.
 */
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { parseManuscript } from '../../../src/manuscript/parse.js';
import { renderBook } from '../../../src/render/parts.js';
import { buildEpub } from '../../../src/writers/epub/epub-book.js';

const BOOK = `---
title: 部のある本
speakers:
  - id: a
    label: 記者
    role: interviewer
  - id: b
    label: 大臣
    role: interviewee
editions:
  - edition: 初版
    date: 2024-01-01
---

# 冒頭発言

**大臣**：本日はグロムイコ[^g]について話します。

# 質疑応答

## 最初の問い

**記者**：グロムイコ[^g]とは誰ですか。

**大臣**：外相です[^h]。

[^g]: アンドレイ・グロムイコ、ソ連の外相。
[^h]: 一九五七年から。
`;

describe('notes in a book with parts', () => {
  it('links every noteref to a footnote in the same page file, numbered through the book', async () => {
    const book = parseManuscript(BOOK, 'parts.md');
    expect(book.file.messages.filter((message) => message.fatal)).toEqual([]);
    expect(book.parts.length).toBeGreaterThan(1);
    const zip = await JSZip.loadAsync(await buildEpub(book, renderBook(book)));
    const pages = Object.keys(zip.files).filter((name) => /^item\/xhtml\/p-.*\.xhtml$/.test(name));
    const numbers: string[] = [];
    let partReferences = 0;
    for (const name of pages) {
      const xhtml = await zip.file(name)!.async('string');
      for (const [tag] of xhtml.matchAll(/<a [^>]*epub:type="noteref"[^>]*>/g)) {
        if (name.includes('p-part')) partReferences++;
        const href = /href="#([^"]+)"/.exec(tag)![1]!;
        numbers.push(href.replace(/^note-(\d+).*$/, '$1'));
        expect(xhtml, `${name}: #${href}`).toMatch(new RegExp(`<aside [^>]*id="${href}"[^>]*epub:type="footnote"`));
      }
    }
    expect(partReferences).toBeGreaterThan(0);
    expect(new Set(numbers)).toEqual(new Set(['1', '2']));
  });
});
