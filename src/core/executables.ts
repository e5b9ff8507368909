/**
 * Programs on PATH: the one lookup, for the browser search (core/browser.ts) and the tools the
 * benchmark runs. The platform, the environment and the file system are parameters, so the
 * search for every OS is tested on any OS.
 */
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

/** What a path holds, as far as starting a program goes. */
export type PathKind = 'executable' | 'not-executable' | 'directory' | 'missing';

/** Environment variables are case-insensitive on Windows: `Path`, `ProgramFiles`. */
export function envValue(env: Record<string, string | undefined>, name: string): string | undefined {
  if (env[name] !== undefined) return env[name];
  const key = Object.keys(env).find((candidate) => candidate.toUpperCase() === name);
  return key === undefined ? undefined : env[key];
}

/** Where each of `names` would be on PATH, in PATH order for each name. */
export function pathCandidates(names: readonly string[], env: Record<string, string | undefined>, platform: NodeJS.Platform): string[] {
  const pathApi = platform === 'win32' ? path.win32 : path.posix;
  const dirs = (envValue(env, 'PATH') ?? '').split(pathApi.delimiter).filter(Boolean);
  return names.flatMap((name) => dirs.map((dir) => pathApi.join(dir, name)));
}

/** The first executable file called `name` on PATH, or undefined. */
export function findOnPath(
  name: string,
  env: Record<string, string | undefined> = process.env,
  host: { platform: NodeJS.Platform; probe(file: string): PathKind } = { platform: process.platform, probe: probePath },
): string | undefined {
  return pathCandidates([name], env, host.platform).find((file) => host.probe(file) === 'executable');
}

/** What `file` is on this machine. */
export function probePath(file: string): PathKind {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(file).isDirectory();
  } catch {
    return 'missing';
  }
  if (isDirectory) return 'directory';
  try {
    // On Windows X_OK is F_OK: any file passes, as it should (no execute bit there).
    accessSync(file, constants.X_OK);
    return 'executable';
  } catch {
    return 'not-executable';
  }
}
