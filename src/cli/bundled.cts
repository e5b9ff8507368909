/**
 * Whether the bin runs the bundled CLI (dist/bundle/, made by scripts/bundle.mjs from the compiled
 * modules and the installed dependencies) or the compiled modules. Apart from kumihan.cts to be tested.
 */
import { statSync } from 'node:fs';

/**
 * True when the bundle exists and none of the files it is made from changed after it (`sources`:
 * tsc's build record, npm's record of the installed dependencies, the bundling script): a compile
 * or an install since then leaves the bundle stale, and a stale bundle never runs. A missing
 * source does not count: the npm package carries none of them, only the bundle made when packed.
 */
export function bundleIsCurrent(bundle: string | URL, sources: ReadonlyArray<string | URL>): boolean {
  const bundled = statSync(bundle, { throwIfNoEntry: false })?.mtimeMs;
  if (bundled === undefined) return false;
  return sources.every((source) => (statSync(source, { throwIfNoEntry: false })?.mtimeMs ?? 0) <= bundled);
}
