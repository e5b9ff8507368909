/**
 * The npm package end to end (issue 19): `npm pack` → `npm install ./kumihan-*.tgz` in an empty
 * folder → `npx kumihan init / import / build` there, as a non-root user whose fontconfig sees no
 * font at all. The book must come out byte for byte as the repository checkout builds it on this
 * machine with its fonts installed: the fonts travel with kumihan, not with the system.
 *
 * Needs the npm registry (or npm's cache) for the package's dependencies, like `npm ci`.
 */
import { execFile } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const exec = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const transcript = path.join(root, 'manuscript/000_723cf04ae7573580.txt');
const USER = 'kumihan-test';

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<Result> {
  try {
    const { stdout, stderr } = await exec(command, args, { cwd: options.cwd, env: options.env ?? process.env, maxBuffer: 64 << 20 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number | string; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : 1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? String(error) };
  }
}

/**
 * The user the package runs as: a non-root user made for the test when this runs as root (and
 * `useradd` works), else the current user. Returns how to run a command as them.
 */
async function packageUser(): Promise<{ name: string; home: string; prefix: string[] }> {
  const self = { name: process.env.USER ?? 'current user', home: process.env.HOME ?? tmpdir(), prefix: [] };
  if (process.getuid?.() !== 0) return self;
  if ((await run('id', ['-u', USER], { cwd: root })).code !== 0) {
    const made = await run('useradd', ['-m', USER], { cwd: root });
    if (made.code !== 0) {
      console.warn(`package test: cannot create the user ${USER} (${made.stderr.trim()}); running the package as root`);
      return { ...self, name: 'root' };
    }
  }
  const home = (await run('sh', ['-c', `getent passwd ${USER} | cut -d: -f6`], { cwd: root })).stdout.trim();
  return { name: USER, home, prefix: ['runuser', '-u', USER, '--'] };
}

describe('the npm package', () => {
  let work: string;
  let project: string;
  let book: string;
  let user: Awaited<ReturnType<typeof packageUser>>;
  /** Fontconfig that knows no font directory: the machine as far as fonts go is empty. */
  let noFonts: string;

  /** `npx kumihan …` in the book folder as the package user, with no fonts visible. */
  const kumihan = (args: string[]) => {
    const [command, ...rest] = [...user.prefix, 'npx', 'kumihan', ...args];
    return run(command!, rest, { cwd: book, env: { ...process.env, HOME: user.home, FONTCONFIG_FILE: noFonts, npm_config_update_notifier: 'false' } });
  };

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'kumihan-package-'));
    chmodSync(work, 0o755);
    noFonts = path.join(work, 'fonts.conf');
    writeFileSync(noFonts, '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n<fontconfig></fontconfig>\n');

    // The compiled dist/ as it is (setup.sh compiles it before the tests): no scripts at pack time either.
    const packed = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: root });
    expect(packed.code, packed.stderr).toBe(0);
    const tarball = path.join(work, (JSON.parse(packed.stdout) as Array<{ filename: string }>)[0]!.filename);

    project = path.join(work, 'project');
    mkdirSync(project);
    const installed = await run('npm', ['install', tarball, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: project });
    expect(installed.code, installed.stderr).toBe(0);

    user = await packageUser();
    book = path.join(project, 'book');
    mkdirSync(book);
    if (user.prefix.length) await run('chown', ['-R', `${USER}:`, project], { cwd: root });
  }, 900_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('installs without a build step and ships the CLI, the styles, the fonts with their licence and the templates', () => {
    const installed = path.join(project, 'node_modules/kumihan');
    for (const file of ['dist/cli/bin.js', 'styles/print.css', 'styles/fonts/BIZUDMincho-Regular.ttf', 'styles/fonts/BIZUDGothic-Bold.ttf', 'styles/fonts/OFL.txt', 'templates/init/prh.yml', '.textlintrc.json']) {
      expect(existsSync(path.join(installed, file)), file).toBe(true);
    }
    expect(existsSync(path.join(installed, 'src'))).toBe(false);
    expect(existsSync(path.join(installed, 'test'))).toBe(false);
    // Runtime dependencies only: no test runner or compiler came along.
    expect(existsSync(path.join(project, 'node_modules/vitest'))).toBe(false);
    expect(existsSync(path.join(project, 'node_modules/typescript'))).toBe(false);
    expect(readFileSync(path.join(installed, 'styles/fonts/OFL.txt'), 'utf8')).toContain('SIL OPEN FONT LICENSE Version 1.1');
  });

  it('init creates a book project and writes over nothing the second time', async () => {
    const first = await kumihan(['init']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const files = ['README.md', 'vivliostyle.config.js', '.textlintrc.json', 'prh.yml'];
    for (const file of files) expect(existsSync(path.join(book, file)), file).toBe(true);
    expect(existsSync(path.join(book, 'manuscript'))).toBe(true);

    writeFileSync(path.join(book, 'prh.yml'), '# edited by the editor\nversion: 1\nrules: []\n');
    const again = await kumihan(['init']);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/README\.md, vivliostyle\.config\.js, \.textlintrc\.json, prh\.yml already exist here/);
    expect(readFileSync(path.join(book, 'prh.yml'), 'utf8')).toBe('# edited by the editor\nversion: 1\nrules: []\n');
  });

  it(`imports and builds the seed as ${USER} with no fonts visible, byte for byte as the repository builds it`, async () => {
    cpSync(transcript, path.join(book, 'seed.txt'));
    if (user.prefix.length) await run('chown', [`${USER}:`, path.join(book, 'seed.txt')], { cwd: root });
    const imported = await kumihan(['import', 'seed.txt']);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/→ manuscript\/seed\.md/);

    const built = await kumihan(['build']);
    expect(built.code, built.stderr).toBe(0);
    const outputs = ['seed.pdf', 'seed-booklet.pdf', 'seed.epub'];
    for (const file of outputs) expect(built.stdout).toContain(`built   output/${file}`);

    for (const pdf of ['seed.pdf', 'seed-booklet.pdf']) {
      const rows = (await run('pdffonts', [path.join(book, 'output', pdf)], { cwd: book })).stdout.split('\n').slice(2).filter(Boolean);
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        // BIZ UD for the text; the shipped DejaVu Sans subset for the digits of the 隠しノンブル (issue 13).
        expect(row).toMatch(/^[A-Z]{6}\+(BIZUD(Mincho|Gothic)-\w+|DejaVuSans)\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/);
        expect(row).not.toMatch(/Type 3/);
      }
    }

    // The repository checkout, run as it is (root, the machine's fontconfig), on the same manuscript.
    const reference = path.join(work, 'reference');
    mkdirSync(reference);
    cpSync(path.join(book, 'manuscript/seed.md'), path.join(reference, 'seed.md'));
    const repository = await run('node', [path.join(root, 'dist/cli/bin.js'), 'build', 'seed.md', '--out', 'out'], { cwd: reference });
    expect(repository.code, repository.stderr).toBe(0);
    for (const file of outputs) {
      const same = await run('cmp', [path.join(book, 'output', file), path.join(reference, 'out', file)], { cwd: book });
      expect(same.stdout + same.stderr, file).toBe('');
    }
  }, 600_000);

  it('proofreads with the project’s own textlint configuration', async () => {
    const checked = await kumihan(['check', '--no-outputs']);
    expect(checked.stderr).not.toMatch(/internal error/);
    expect(checked.stdout).toMatch(/manuscript\/seed\.md:\d+:\d+: error: .*\(jtf-style\//);
    expect(checked.stderr).toMatch(/\d+ errors? in 1 manuscript/);
  });

  it('fails a build whose stylesheet loses the fonts, naming the cause, and keeps the previous PDF', async () => {
    const installed = path.join(project, 'node_modules/kumihan/styles');
    const stylesheet = path.join(installed, 'print.css');
    const fontconfig = path.join(installed, 'fonts/fonts.conf');
    const [css, conf] = [readFileSync(stylesheet, 'utf8'), readFileSync(fontconfig, 'utf8')];
    const before = readFileSync(path.join(book, 'output/seed.pdf'));
    const expectKept = () => {
      expect(readFileSync(path.join(book, 'output/seed.pdf')).equals(before)).toBe(true);
      expect(readdirSync(path.join(book, 'output')).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    };
    try {
      // The @font-face rules point nowhere: Chromium falls back to the one font fontconfig offers it.
      writeFileSync(stylesheet, css.replaceAll('url("fonts/', 'url("lost/'));
      const fallback = await kumihan(['build', '--pdf']);
      expect(fallback.code).toBe(1);
      expect(fallback.stderr).toMatch(/^kumihan: PDF build failed: the PDF is not set in the book's font BIZUDMincho-Regular \(it uses [^)]*BIZUDGothic/m);
      expectKept();

      // And with no font to fall back on either, the blank book that used to be "built".
      writeFileSync(fontconfig, '<?xml version="1.0"?>\n<fontconfig></fontconfig>\n');
      const blank = await kumihan(['build', '--pdf']);
      expect(blank.code).toBe(1);
      expect(blank.stderr).toMatch(/^kumihan: PDF build failed: the PDF has no text: its \d+ pages use no font at all/m);
      expect(blank.stderr).not.toMatch(/\n\s+at /);
      expectKept();
    } finally {
      writeFileSync(stylesheet, css);
      writeFileSync(fontconfig, conf);
    }
  }, 300_000);
});
