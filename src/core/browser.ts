/**
 * Finding a Chromium-family browser (Chromium, Google Chrome, Microsoft Edge) on Linux, macOS and
 * Windows, or the one `KUMIHAN_BROWSER` names. The platform, the environment and the file system
 * are parameters, so the search for every OS is tested on any OS.
 */
import path from 'node:path';
import { KumihanError } from './errors.js';
import { envValue, pathCandidates, probePath, type PathKind } from './executables.js';

/** The machine a browser is looked for on. */
export interface BrowserHost {
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  probe(file: string): PathKind;
}

/** Names looked up on PATH, by platform; Windows browsers are seldom on PATH but are tried there too. */
const NAMES: Partial<Record<NodeJS.Platform, string[]>> & { default: string[] } = {
  default: ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'microsoft-edge', 'microsoft-edge-stable'],
  win32: ['chrome.exe', 'msedge.exe'],
};

/** Where the installers put the browsers, beyond PATH. */
function fixedLocations(host: BrowserHost): string[] {
  const env = (name: string) => envValue(host.env, name);
  if (host.platform === 'win32') {
    const roots = [env('PROGRAMFILES') ?? 'C:\\Program Files', env('PROGRAMFILES(X86)') ?? 'C:\\Program Files (x86)', env('LOCALAPPDATA')].filter(
      (root): root is string => Boolean(root),
    );
    const inside = ['Google\\Chrome\\Application\\chrome.exe', 'Chromium\\Application\\chrome.exe', 'Microsoft\\Edge\\Application\\msedge.exe'];
    return inside.flatMap((file) => roots.map((root) => path.win32.join(root, file)));
  }
  if (host.platform === 'darwin') {
    const apps = ['Google Chrome', 'Chromium', 'Microsoft Edge'].map((name) => `${name}.app/Contents/MacOS/${name}`);
    const home = env('HOME');
    return [...apps.map((app) => path.posix.join('/Applications', app)), ...(home ? apps.map((app) => path.posix.join(home, 'Applications', app)) : [])];
  }
  return ['/usr/bin/chromium', '/snap/bin/chromium', '/opt/google/chrome/chrome', '/opt/microsoft/msedge/msedge'];
}

/** Every place a browser is looked for, in order: the names on PATH, then the installers' locations. */
export function browserCandidates(host: BrowserHost): string[] {
  const onPath = pathCandidates(NAMES[host.platform] ?? NAMES.default, host.env, host.platform);
  return [...new Set([...onPath, ...fixedLocations(host)])];
}

/**
 * The browser to typeset with: `KUMIHAN_BROWSER` when set (and then only it), else the first
 * candidate that is an executable file. Anything else is one line saying what to install.
 */
export function findBrowser(env: Record<string, string | undefined> = process.env, host: Omit<BrowserHost, 'env'> = { platform: process.platform, probe: probePath }): string {
  const search: BrowserHost = { ...host, env };
  const override = envValue(env, 'KUMIHAN_BROWSER');
  if (override) {
    const problem = browserProblem(override, search.probe(override));
    if (problem) throw new KumihanError(`KUMIHAN_BROWSER=${override} ${problem}; point it at Chromium or unset it`);
    return override;
  }
  const found = browserCandidates(search).find((file) => search.probe(file) === 'executable');
  if (found) return found;
  throw new KumihanError(`no Chrome, Chromium or Edge found (${lookedFor(search.platform)}); ${installHint(search.platform)}, or set KUMIHAN_BROWSER to the browser's executable`);
}

/** Refuses a browser path that cannot be started, with one line naming it. */
export function requireBrowser(file: string, probe: (file: string) => PathKind = probePath): void {
  const problem = browserProblem(file, probe(file));
  if (problem) throw new KumihanError(`browser ${file} ${problem}; install Chromium or set KUMIHAN_BROWSER`);
}

function browserProblem(file: string, kind: PathKind): string | undefined {
  if (kind === 'executable') return undefined;
  if (kind === 'directory') return /\.app\/?$/.test(file) ? 'is an application bundle, not an executable file (use …/Contents/MacOS/<name> inside it)' : 'is a directory, not an executable file';
  return 'is not an executable file';
}

function lookedFor(platform: NodeJS.Platform): string {
  if (platform === 'win32') return 'looked for chrome.exe and msedge.exe in Program Files, Program Files (x86), LOCALAPPDATA and on PATH';
  if (platform === 'darwin') return 'looked for Google Chrome, Chromium and Microsoft Edge in /Applications and ~/Applications';
  return `looked on PATH for ${NAMES.default.join(', ')}, and in /snap/bin, /opt/google/chrome, /opt/microsoft/msedge`;
}

/** What to install, said the way each OS installs it. */
export function installHint(platform: NodeJS.Platform): string {
  if (platform === 'win32') return 'install Google Chrome or Microsoft Edge (e.g. `winget install Google.Chrome`)';
  if (platform === 'darwin') return 'install Google Chrome (https://www.google.com/chrome/) or Chromium (`brew install --cask chromium`)';
  return 'install Chromium (Debian/Ubuntu: `sudo apt-get install chromium`, or `npm run setup` as root)';
}
