/** How the manuscript reader reports: vfile messages with a manuscript position and a rule id. */
import type { VFile } from 'vfile';
import type { Point, Position } from 'unist';

/** The `source` of every message of the manuscript reader. */
export const SOURCE = 'kumihan-manuscript';

/** Adds a fatal message: the build stops after the reader, with every problem it found. */
export function fail(file: VFile, reason: string, place: Position | Point | undefined, ruleId: string): void {
  const message = file.message(reason, { place, ruleId, source: SOURCE });
  message.fatal = true;
}
