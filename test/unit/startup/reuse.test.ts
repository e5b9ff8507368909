/**
 * What an EPUB-only build no longer does twice, checked against doing it again: the bracket check on
 * the reader's own Markdown tree reports what a fresh parse reports, and a kept cover (or one drawn
 * on a worker thread) is the cover resvg draws.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { VFile } from 'vfile';
import { checkManuscriptBrackets } from '../../../src/check/manuscript-brackets.js';
import { manuscriptTree, parseManuscript } from '../../../src/manuscript/parse.js';
import { renderCover, startCover } from '../../../src/writers/epub/cover-image.js';
import { sampleMeta } from '../epub/fixture.js';

const seedPath = path.resolve(import.meta.dirname, '../../../manuscript/000_723cf04ae7573580.md');
const FRONT = '---\ntitle: 題\nspeakers:\n  - id: a\n    label: 聞き手\n  - id: b\n    label: 山田\n---\n\n';

/** The bracket messages of `text`, checked on the reader's tree (`reuse`) or on a fresh plain parse. */
function bracketMessages(text: string, file: string, reuse: boolean): string[] {
  const target = reuse ? parseManuscript(text, file).file : new VFile({ path: file, value: text });
  if (reuse) expect(manuscriptTree(target)).toBeDefined();
  else expect(manuscriptTree(target)).toBeUndefined();
  const before = target.messages.length;
  checkManuscriptBrackets(target, { all: true });
  return target.messages.slice(before).map((message) => `${message.line}:${message.column} ${message.reason}`);
}

describe('the bracket check on the reader’s tree', () => {
  it('reports on the seed what a fresh parse reports', () => {
    const text = readFileSync(seedPath, 'utf8');
    const fresh = bracketMessages(text, seedPath, false);
    expect(fresh.length).toBeGreaterThan(0);
    expect(bracketMessages(text, seedPath, true)).toEqual(fresh);
  });

  it('reports the same for brackets in headings, lists, quotations, links and raw HTML, and with footnotes', () => {
    const bodies = [
      '## 「問い\n\n**聞き手**：（あ\n\n- 【い\n- う】\n\n> 『え\n\n<b>「</b> お\n\n**山田**：https://example.com/「x か）\n',
      '## 問い\n\n**聞き手**：注[^1]（あ\n\n[^1]: 注の「文\n\n**山田**：い）\n',
      '## 問い\n\n**聞き手**：[^x]: 定義めいた「行\n\n**山田**：［う\n',
    ];
    for (const body of bodies) {
      const text = FRONT + body;
      const fresh = bracketMessages(text, 'x.md', false);
      expect(fresh.length).toBeGreaterThan(0);
      expect(bracketMessages(text, 'x.md', true)).toEqual(fresh);
    }
  });
});

describe('a kept cover', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kumihan-cover-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const kept = () => readdirSync(dir).filter((name) => name.endsWith('.png'));

  it('is the cover resvg draws, read back, replaced when the cover changes, and drawn again when torn', async () => {
    const drawn = Buffer.from(await renderCover(sampleMeta()));
    expect(Buffer.from(await renderCover(sampleMeta(), { cacheDir: dir }))).toEqual(drawn);
    expect(kept()).toHaveLength(1);
    const [file] = kept();
    expect(readFileSync(path.join(dir, file!))).toEqual(drawn);
    expect(Buffer.from(await renderCover(sampleMeta(), { cacheDir: dir }))).toEqual(drawn);

    truncateSync(path.join(dir, file!), 1000);
    expect(Buffer.from(await renderCover(sampleMeta(), { cacheDir: dir }))).toEqual(drawn);
    expect(readFileSync(path.join(dir, file!))).toEqual(drawn);

    const other = Buffer.from(await renderCover(sampleMeta({ title: '別の題' })));
    expect(Buffer.from(await renderCover(sampleMeta({ title: '別の題' }), { cacheDir: dir }))).toEqual(other);
    expect(kept()).toHaveLength(1);
    expect(kept()[0]).not.toBe(file);
    expect(readdirSync(dir).filter((name) => !name.endsWith('.png'))).toEqual([]);
  });
  it('is drawn on a worker thread to the same bytes, written only when kept, and stopped when nobody waits', async () => {
    const meta = sampleMeta({ title: '三つ目の題' });
    const drawn = Buffer.from(await renderCover(meta));
    const before = kept();
    const job = startCover(meta, { cacheDir: dir, inWorker: true });
    expect(Buffer.from(await job.png)).toEqual(drawn);
    expect(kept()).toEqual(before);
    await job.keep();
    expect(kept()).toHaveLength(1);
    expect(readFileSync(path.join(dir, kept()[0]!))).toEqual(drawn);
    // Read back: nothing drawn, nothing written.
    const again = startCover(meta, { cacheDir: dir, inWorker: true });
    expect(Buffer.from(await again.png)).toEqual(drawn);

    const stopped = startCover(sampleMeta({ title: '四つ目の題' }), { cacheDir: dir, inWorker: true });
    stopped.stop();
    await expect(stopped.png).rejects.toThrow();
    await stopped.keep();
    expect(kept()).toHaveLength(1);
    await expect(startCover(meta, { fontDir: '/nonexistent', inWorker: true }).png).rejects.toThrow(/BIZUDMincho-Regular\.ttf is missing/u);
  });
});
