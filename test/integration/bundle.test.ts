/**
 * The bundled CLI (scripts/bundle.mjs) does what the compiled modules do, byte for byte: the EPUB,
 * the print PDF (through the Vivliostyle worker bundled beside it) and the imported manuscript.
 * The test makes its own bundle in a scratch folder of dist/, so the one in use is never replaced
 * under another test; the modules must be compiled (`npx tsc -p tsconfig.json`).
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDocx } from '../unit/import-styles/docx.js';

const exec = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const name = '000_723cf04ae7573580';
const manuscript = path.join(root, 'manuscript', `${name}.md`);
const transcript = path.join(root, 'manuscript', `${name}.txt`);
const modules = path.join(root, 'dist/cli/entry.js');
const bundleDir = path.join(root, 'dist', `bundle-test-${process.pid}`);
const bundled = path.join(bundleDir, 'kumihan.js');

let work: string;

/** Runs one kumihan (the bundle or the modules) and returns its output. */
async function kumihan(cli: string, args: string[]): Promise<string> {
  const { stdout } = await exec(process.execPath, [cli, ...args], { cwd: root, maxBuffer: 64 << 20 });
  return stdout;
}

let docx: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'kumihan-bundle-'));
  docx = path.join(work, 'talk.docx');
  await writeFile(docx, await makeDocx(['川辺の写真家に聞く', '**質問**　写真を始めたのはいつですか？', '**川辺**　十歳のときです。', '**質問**　今は何を撮っていますか？', '**川辺**　川です。']));
  await exec(process.execPath, [path.join(root, 'scripts/bundle.mjs'), '--outdir', bundleDir], { cwd: root });
}, 120_000);

afterAll(async () => {
  await rm(bundleDir, { recursive: true, force: true });
  if (work) await rm(work, { recursive: true, force: true });
});

describe('the bundled CLI', () => {
  it('keeps the Vivliostyle worker beside its entry, where the PDF writer looks for it', () => {
    expect(existsSync(path.join(bundleDir, 'vivliostyle-worker.js'))).toBe(true);
  });

  it('builds the same PDF and EPUB as the compiled modules', async () => {
    const outputs: Record<string, string[]> = {};
    for (const [label, cli] of [['bundle', bundled], ['modules', modules]] as const) {
      const out = path.join(work, label);
      await kumihan(cli, ['build', manuscript, '--pdf', '--epub', '--out', out]);
      outputs[label] = (await readdir(out)).filter((file) => !file.startsWith('.')).sort();
    }
    expect(outputs.bundle).toEqual([`${name}.epub`, `${name}.pdf`]);
    expect(outputs.modules).toEqual(outputs.bundle);
    for (const file of outputs.bundle!) {
      const same = readFileSync(path.join(work, 'bundle', file)).equals(readFileSync(path.join(work, 'modules', file)));
      expect(same, file).toBe(true);
    }
  }, 240_000);

  // Each source kind loads its own reading library (mammoth, Readability), CommonJS packages whose
  // exports the bundle shapes differently from Node: a web page once failed in the bundle alone.
  it.each([
    ['a text transcript', () => transcript],
    ['a saved web page', () => path.join(root, 'test/fixtures/import-styles/web-page.html')],
    ['a Word document', () => docx],
  ])('imports %s into the same manuscript as the compiled modules', async (_kind, source) => {
    const written: string[] = [];
    for (const [label, cli] of [['bundle', bundled], ['modules', modules]] as const) {
      const output = path.join(work, `${label}-${path.basename(source())}.md`);
      await kumihan(cli, ['import', source(), '--output', output]);
      written.push(readFileSync(output, 'utf8'));
    }
    expect(written[0]).toContain('## ');
    expect(written[0]).toBe(written[1]);
  }, 60_000);
});
