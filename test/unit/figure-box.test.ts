/** Figures on the print grid (print-html.ts `figureBox`): whole lines, inside the column, never blown up. */
import { describe, expect, it } from 'vitest';
import { figureBox, pageGeometry, printHtml } from '../../src/writers/print/print-html.js';
import { PAGE_SIZES, type PageSize } from '../../src/config/schema.js';
import { parseManuscript } from '../../src/manuscript/parse.js';
import { renderBook } from '../../src/render/parts.js';

const layouts = (Object.keys(PAGE_SIZES) as PageSize[]).flatMap((size) => [pageGeometry(size, 1), ...(size === 'A5' ? [pageGeometry(size, 2)] : [])]);
const pictures = [
  { width: 1200, height: 800 },
  { width: 600, height: 900 },
  { width: 4000, height: 1000 },
  { width: 1000, height: 4000 },
  { width: 120, height: 80 },
];

describe('figureBox', () => {
  it.each(layouts.map((geometry) => [`${geometry.size}×${geometry.grid.columns}`, geometry] as const))('%s: whole lines, half a line of air, inside the column, never past 96 dpi', (_, geometry) => {
    const pitch = geometry.grid.fontSize * geometry.grid.lineHeight;
    for (const picture of pictures) {
      const box = figureBox(geometry, picture);
      expect(Number.isInteger(box.lines)).toBe(true);
      expect(box.width + 2 * box.margin).toBeCloseTo(box.lines * pitch, 6);
      expect(box.margin).toBeGreaterThanOrEqual(pitch / 2 - 1e-6);
      expect(box.height).toBeLessThanOrEqual(geometry.grid.chars * geometry.grid.fontSize + 1e-6);
      expect(box.lines).toBeLessThanOrEqual(Math.floor((geometry.grid.lines * 2) / 3));
      expect(box.width / picture.width).toBeLessThanOrEqual(0.75 + 1e-9);
      // The proportions of the picture are kept.
      expect(box.width / box.height).toBeCloseTo(picture.width / picture.height, 6);
    }
  });

  it('writes each figure’s size into the print HTML, and nothing without sizes', () => {
    const text = ['---', 'title: 図', 'speakers:', '  - id: a', '    label: 問', '    role: interviewer', 'editions:', '  - edition: 初版', '    date: 2024-01-01', '---', '', '## 問い', '', '**問**：本文。', '', '![庁舎](images/a.png)', ''].join('\n');
    const book = parseManuscript(text, '/tmp/figure-box/book.md');
    const parts = renderBook(book);
    const sized = printHtml(parts, book.meta, { stylesheets: [], figures: new Map([['fig1', { width: 1200, height: 800 }]]) });
    const box = figureBox(pageGeometry('A5'), { width: 1200, height: 800 });
    expect(sized).toContain(`#fig1 img { width: ${Number(box.width.toFixed(3))}pt; height: ${Number(box.height.toFixed(3))}pt;`);
    expect(printHtml(parts, book.meta, { stylesheets: [] })).not.toContain('#fig1 img');
  });
});
