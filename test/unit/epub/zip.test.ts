import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { zip } from '../../../src/writers/epub/zip.js';

const date = new Date('2027-02-01T13:45:30Z');
const text = (value: string) => new TextEncoder().encode(value);

describe('zip', () => {
  const entries = [
    { name: 'mimetype', data: text('application/epub+zip'), store: true },
    { name: 'OEBPS/q01.xhtml', data: text('<p>縦書き</p>'.repeat(200)) },
    { name: 'OEBPS/empty.css', data: new Uint8Array() },
  ];

  it('writes entries in order, stored or deflated, that a zip reader gets back byte for byte, dated in UTC', async () => {
    const archive = await JSZip.loadAsync(zip(entries, date));
    expect(Object.keys(archive.files)).toEqual(entries.map((entry) => entry.name));
    for (const entry of entries) {
      expect(Buffer.from(await archive.file(entry.name)!.async('uint8array')).equals(Buffer.from(entry.data))).toBe(true);
      expect(archive.files[entry.name]!.date.toISOString()).toBe('2027-02-01T13:45:30.000Z');
    }
    const bytes = Buffer.from(zip(entries, date));
    expect(bytes.readUInt16LE(8)).toBe(0); // the first entry stored
    expect(bytes.readUInt16LE(28)).toBe(0); // with no extra field
    expect(bytes.subarray(38, 58).toString('latin1')).toBe('application/epub+zip');
  });

  it('passes Info-ZIP’s own integrity test', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kumihan-zip-'));
    try {
      const file = path.join(dir, 'x.zip');
      writeFileSync(file, zip(entries, date));
      expect(execFileSync('unzip', ['-t', file], { encoding: 'utf8' })).toMatch(/No errors detected/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives the same bytes for the same entries, whatever the time zone', () => {
    expect(Buffer.from(zip(entries, date)).equals(Buffer.from(zip(entries, new Date(date))))).toBe(true);
  });

  it('refuses names it cannot write plainly', () => {
    expect(() => zip([{ name: 'a b.xhtml', data: new Uint8Array() }], date)).toThrow(/not printable ASCII/);
    expect(() => zip([{ name: '表紙.xhtml', data: new Uint8Array() }], date)).toThrow(/not printable ASCII/);
  });
});
