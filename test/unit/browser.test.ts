/**
 * Finding the browser on Linux, macOS and Windows without those machines: the platform, the
 * environment and the file system are injected, so each OS's installers' locations and messages
 * are checked here. The probe reports every path it was asked about, so the tests also show where
 * kumihan looks.
 */
import { mkdtempSync, rmSync, writeFileSync, chmodSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { browserCandidates, findBrowser, requireBrowser } from '../../src/core/browser.js';
import { probePath, type PathKind } from '../../src/core/executables.js';

/** A machine where exactly `files` exist, with the kinds given. */
function machine(platform: NodeJS.Platform, files: Record<string, PathKind>) {
  const asked: string[] = [];
  return {
    asked,
    host: {
      platform,
      probe(file: string): PathKind {
        asked.push(file);
        return files[file] ?? 'missing';
      },
    },
  };
}

const WINDOWS_ENV = {
  Path: 'C:\\Windows\\system32;C:\\Windows',
  ProgramFiles: 'C:\\Program Files',
  'ProgramFiles(x86)': 'C:\\Program Files (x86)',
  LOCALAPPDATA: 'C:\\Users\\henshu\\AppData\\Local',
};

describe('findBrowser on Linux', () => {
  it('takes the first browser name found on PATH, in order of preference', () => {
    const { host } = machine('linux', { '/usr/local/bin/google-chrome': 'executable', '/usr/bin/chromium-browser': 'executable' });
    expect(findBrowser({ PATH: '/usr/local/bin:/usr/bin' }, host)).toBe('/usr/bin/chromium-browser');
  });

  it('finds Edge and the installers’ locations off PATH (snap, /opt)', () => {
    expect(findBrowser({ PATH: '/usr/bin' }, machine('linux', { '/usr/bin/microsoft-edge': 'executable' }).host)).toBe('/usr/bin/microsoft-edge');
    expect(findBrowser({ PATH: '/nowhere' }, machine('linux', { '/snap/bin/chromium': 'executable' }).host)).toBe('/snap/bin/chromium');
    expect(findBrowser({}, machine('linux', { '/opt/google/chrome/chrome': 'executable' }).host)).toBe('/opt/google/chrome/chrome');
  });

  it('skips a candidate that is a directory or not executable', () => {
    const { host } = machine('linux', { '/usr/bin/chromium': 'directory', '/usr/bin/chromium-browser': 'not-executable', '/usr/bin/google-chrome': 'executable' });
    expect(findBrowser({ PATH: '/usr/bin' }, host)).toBe('/usr/bin/google-chrome');
  });

  it('names what to install with apt when nothing is found', () => {
    const { host } = machine('linux', {});
    expect(() => findBrowser({ PATH: '/usr/bin' }, host)).toThrow(
      /^no Chrome, Chromium or Edge found \(looked on PATH for chromium, chromium-browser, google-chrome, google-chrome-stable, microsoft-edge, microsoft-edge-stable, and in \/snap\/bin, \/opt\/google\/chrome, \/opt\/microsoft\/msedge\); install Chromium \(Debian\/Ubuntu: `sudo apt-get install chromium`, or `npm run setup` as root\), or set KUMIHAN_BROWSER to the browser's executable$/,
    );
  });
});

describe('findBrowser on macOS', () => {
  it('finds Google Chrome, Chromium and Edge inside their application bundles, in /Applications or ~/Applications', () => {
    const chrome = '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome';
    expect(findBrowser({ PATH: '/usr/bin:/bin' }, machine('darwin', { [chrome]: 'executable' }).host)).toBe(chrome);
    const edge = '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge';
    expect(findBrowser({ PATH: '/usr/bin' }, machine('darwin', { [edge]: 'executable' }).host)).toBe(edge);
    const mine = '/Users/henshu/Applications/Chromium.app/Contents/MacOS/Chromium';
    expect(findBrowser({ HOME: '/Users/henshu' }, machine('darwin', { [mine]: 'executable' }).host)).toBe(mine);
  });

  it('prefers a browser on PATH (Homebrew) to the bundles', () => {
    const { host } = machine('darwin', { '/opt/homebrew/bin/chromium': 'executable', '/Applications/Chromium.app/Contents/MacOS/Chromium': 'executable' });
    expect(findBrowser({ PATH: '/opt/homebrew/bin' }, host)).toBe('/opt/homebrew/bin/chromium');
  });

  it('names the macOS installers when nothing is found, not apt', () => {
    const message = () => findBrowser({ PATH: '/usr/bin' }, machine('darwin', {}).host);
    expect(message).toThrow(/in \/Applications and ~\/Applications\); install Google Chrome \(https:\/\/www\.google\.com\/chrome\/\) or Chromium \(`brew install --cask chromium`\)/);
    expect(message).not.toThrow(/apt/);
  });

  it('explains a KUMIHAN_BROWSER that names the .app bundle instead of the executable inside it', () => {
    const { host } = machine('darwin', { '/Applications/Google Chrome.app': 'directory' });
    expect(() => findBrowser({ KUMIHAN_BROWSER: '/Applications/Google Chrome.app' }, host)).toThrow(
      'KUMIHAN_BROWSER=/Applications/Google Chrome.app is an application bundle, not an executable file (use …/Contents/MacOS/<name> inside it); point it at Chromium or unset it',
    );
  });
});

describe('findBrowser on Windows', () => {
  it('finds chrome.exe and msedge.exe under Program Files, Program Files (x86) and LOCALAPPDATA (variable names in any case)', () => {
    const chrome = 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe';
    expect(findBrowser(WINDOWS_ENV, machine('win32', { [chrome]: 'executable' }).host)).toBe(chrome);
    const edge = 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe';
    expect(findBrowser(WINDOWS_ENV, machine('win32', { [edge]: 'executable' }).host)).toBe(edge);
    const user = 'C:\\Users\\henshu\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe';
    expect(findBrowser(WINDOWS_ENV, machine('win32', { [user]: 'executable' }).host)).toBe(user);
  });

  it('looks under the default Program Files folders when the variables are missing, and prefers Chrome to Edge', () => {
    const { host, asked } = machine('win32', {
      'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe': 'executable',
      'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe': 'executable',
    });
    expect(findBrowser({}, host)).toBe('C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe');
    expect(asked.every((file) => path.win32.isAbsolute(file))).toBe(true);
  });

  it('builds Windows paths with backslashes and splits PATH at semicolons, whatever OS runs the test', () => {
    const candidates = browserCandidates({ platform: 'win32', env: { PATH: 'C:\\Tools;D:\\Portable Chrome' }, probe: () => 'missing' });
    expect(candidates.slice(0, 4)).toEqual(['C:\\Tools\\chrome.exe', 'D:\\Portable Chrome\\chrome.exe', 'C:\\Tools\\msedge.exe', 'D:\\Portable Chrome\\msedge.exe']);
    expect(candidates.some((file) => file.includes('/'))).toBe(false);
  });

  it('names the Windows installers when nothing is found', () => {
    expect(() => findBrowser(WINDOWS_ENV, machine('win32', {}).host)).toThrow(
      /^no Chrome, Chromium or Edge found \(looked for chrome\.exe and msedge\.exe in Program Files, Program Files \(x86\), LOCALAPPDATA and on PATH\); install Google Chrome or Microsoft Edge \(e\.g\. `winget install Google\.Chrome`\), or set KUMIHAN_BROWSER/,
    );
  });
});

describe('KUMIHAN_BROWSER', () => {
  it('is used alone when set, found or not: no fallback to another browser', () => {
    const { host, asked } = machine('linux', { '/usr/bin/chromium': 'executable', '/srv/chrome': 'executable' });
    expect(findBrowser({ PATH: '/usr/bin', KUMIHAN_BROWSER: '/srv/chrome' }, host)).toBe('/srv/chrome');
    expect(asked).toEqual(['/srv/chrome']);
    expect(() => findBrowser({ PATH: '/usr/bin', KUMIHAN_BROWSER: '/srv/none' }, host)).toThrow('KUMIHAN_BROWSER=/srv/none is not an executable file; point it at Chromium or unset it');
  });

  it('a directory is one line naming the variable and the path', () => {
    expect(() => findBrowser({ KUMIHAN_BROWSER: '/tmp' }, machine('linux', { '/tmp': 'directory' }).host)).toThrow(
      'KUMIHAN_BROWSER=/tmp is a directory, not an executable file; point it at Chromium or unset it',
    );
  });
});

describe('probePath on this machine', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'kumihan-browser-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('tells an executable file from a plain file, a directory and nothing', () => {
    const script = path.join(work, 'chrome');
    writeFileSync(script, '#!/bin/sh\n');
    chmodSync(script, 0o755);
    const plain = path.join(work, 'readme');
    writeFileSync(plain, 'x');
    chmodSync(plain, 0o644);
    mkdirSync(path.join(work, 'Chromium.app'));
    expect(probePath(script)).toBe('executable');
    expect(probePath(path.join(work, 'Chromium.app'))).toBe('directory');
    expect(probePath(path.join(work, 'none'))).toBe('missing');
    // X_OK needs an execute bit, for root too.
    if (process.platform !== 'win32') expect(probePath(plain)).toBe('not-executable');
    expect(() => requireBrowser(path.join(work, 'Chromium.app'))).toThrow(/Chromium\.app is an application bundle, not an executable file/);
  });
});
