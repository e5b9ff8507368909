import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { breakIntoColumns, COVER_HEIGHT, COVER_WIDTH, coverAltText, coverSvg, renderCover } from '../../../src/writers/epub/cover-image.js';
import { parseXml, sampleMeta } from './fixture.js';

describe('renderCover', () => {
  it('renders a 1600×2560 PNG, the same bytes every time', async () => {
    const first = await renderCover(sampleMeta());
    const png = Buffer.from(first);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([COVER_WIDTH, COVER_HEIGHT]);
    const hash = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
    expect(hash(await renderCover(sampleMeta()))).toBe(hash(first));
    expect(hash(await renderCover(sampleMeta({ title: '別の題' })))).not.toBe(hash(first));
  });

  it('names the missing font file and the fix (the fonts ship with kumihan)', async () => {
    await expect(renderCover(sampleMeta(), { fontDir: '/nonexistent' })).rejects.toThrow(/\/nonexistent\/BIZUDMincho-Regular\.ttf is missing: reinstall kumihan/u);
  });
});

describe('coverSvg', () => {
  it('is well-formed SVG carrying title, subtitle and interviewee as escaped text', () => {
    const svg = coverSvg(sampleMeta({ title: '<b>&「題」', subtitle: '副題' }));
    const doc = parseXml(svg);
    const text = doc
      .find('//svg:text', { svg: 'http://www.w3.org/2000/svg' })
      .map((node) => node.content)
      .join('');
    doc.dispose();
    expect(text).toContain('<b>&');
    expect(text).toContain('副題');
    expect(text).toContain('セルゲイ・ラブロフ');
    expect(text).toContain('ツァルグラードTVによるインタビュー');
  });

  it('gives alternative text in reading order', () => {
    expect(coverAltText(sampleMeta())).toBe('表紙　モスクワでのインタビュー　外交は忘れ去られたのか　セルゲイ・ラブロフ');
  });
});

describe('breakIntoColumns', () => {
  it('breaks at phrase boundaries, never before closing punctuation or after an opening bracket', () => {
    const columns = breakIntoColumns('モスクワでのインタビュー「外交は忘れ去られたのか」', 7);
    expect(columns.join('')).toBe('モスクワでのインタビュー「外交は忘れ去られたのか」');
    for (const column of columns) {
      expect(column).not.toMatch(/^[」、。）ー]/u);
      expect(column).not.toMatch(/[「（]$/u);
    }
    expect(columns).toContain('「外交は');
  });

  it('keeps numbers whole and cuts an over-long phrase by character', () => {
    expect(breakIntoColumns('昭和20年の話', 4).join('|')).not.toMatch(/2\|0/u);
    const columns = breakIntoColumns('あいうえおかきくけこさしすせそ', 5);
    expect(columns.every((column) => [...column].length <= 5)).toBe(true);
    expect(columns.join('')).toBe('あいうえおかきくけこさしすせそ');
  });
});
