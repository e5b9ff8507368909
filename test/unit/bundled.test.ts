/** The bin runs the bundle only when nothing it is made from changed after it (src/cli/bundled.ts). */
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bundleIsCurrent } from '../../src/cli/bundled.cjs';

describe('bundleIsCurrent', () => {
  let dir: string;
  const file = (name: string, seconds: number) => {
    const target = path.join(dir, name);
    writeFileSync(target, '');
    utimesSync(target, seconds, seconds);
    return target;
  };
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'kumihan-bundled-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('runs a bundle made after (or with) every source', () => {
    const bundle = file('kumihan.js', 2000);
    expect(bundleIsCurrent(bundle, [file('tsbuildinfo', 1000), file('lock', 2000)])).toBe(true);
  });

  it('never runs a bundle older than a source: a compile or an install since', () => {
    const bundle = file('kumihan.js', 2000);
    expect(bundleIsCurrent(bundle, [file('tsbuildinfo', 3000), file('lock', 1000)])).toBe(false);
    expect(bundleIsCurrent(bundle, [file('tsbuildinfo', 1000), file('lock', 2001)])).toBe(false);
  });

  it('runs the bundle when the sources are absent (the npm package), not when the bundle is', () => {
    expect(bundleIsCurrent(file('kumihan.js', 0), [path.join(dir, 'no-record'), path.join(dir, 'no-lock')])).toBe(true);
    expect(bundleIsCurrent(path.join(dir, 'no-bundle.js'), [file('tsbuildinfo', 1000)])).toBe(false);
    expect(bundleIsCurrent(path.join(dir, 'no-bundle.js'), [])).toBe(false);
  });
});
