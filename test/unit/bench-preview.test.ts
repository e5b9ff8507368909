/** The preview benchmark's pure helpers: the marker a round writes, where it goes, a process's own CPU time. */
import { describe, expect, it } from 'vitest';
import { markLine, previewMarker } from '../../src/bench/preview.js';

describe('preview benchmark', () => {
  it('gives every round its own marker, of kanji only', () => {
    const markers = Array.from({ length: 30 }, (_, index) => previewMarker(index));
    expect(new Set(markers).size).toBe(markers.length);
    for (const marker of markers) expect(marker).toMatch(/^\p{Script=Han}+$/u);
  });

  it('puts the marker where the text shown stands, taking out the last round’s', () => {
    const line = '**山田**：当時のことを思い出すと、いまでも胸が熱くなります。';
    const first = markLine(line, '思い出すと、', previewMarker(0))!;
    expect(first).toBe(`**山田**：当時のことを${previewMarker(0)}思い出すと、いまでも胸が熱くなります。`);
    const second = markLine(first, 'いまでも胸が', previewMarker(1))!;
    expect(second).toBe(`**山田**：当時のことを思い出すと、${previewMarker(1)}いまでも胸が熱くなります。`);
  });

  it('refuses text the line does not hold once', () => {
    expect(markLine('ああ、ああ、ああ。', 'ああ、', previewMarker(0))).toBeUndefined();
    expect(markLine('どこにもない', '別の文です', previewMarker(0))).toBeUndefined();
  });
});
