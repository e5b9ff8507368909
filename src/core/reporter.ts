/**
 * Progress of long work: each stage's name and time. On a terminal every stage is shown as it
 * ends; otherwise (CI, pipes) only what was built or skipped, so logs stay short.
 */
import { performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';

/** Receives stage timings and outcomes; the CLI prints them, benchmarks collect them. */
export interface Reporter {
  stage<T>(name: string, work: () => T | Promise<T>): Promise<T>;
  skip(format: string, file: string): void;
  /** Stage durations in milliseconds, by name (summed when a stage runs more than once). */
  readonly timings: Map<string, number>;
}

/** A reporter that writes to a stream (stderr by default). */
export function createReporter(options: { stream?: NodeJS.WritableStream & { isTTY?: boolean }; verbose?: boolean } = {}): Reporter {
  const stream = options.stream ?? process.stderr;
  const verbose = options.verbose ?? Boolean(stream.isTTY);
  const timings = new Map<string, number>();
  return {
    timings,
    async stage(name, work) {
      const start = performance.now();
      const value = await work();
      const elapsed = performance.now() - start;
      timings.set(name, (timings.get(name) ?? 0) + elapsed);
      if (verbose) stream.write(`  ${name.padEnd(10)} ${(elapsed / 1000).toFixed(2)} s\n`);
      return value;
    },
    skip(format, file) {
      stream.write(`  ${format.padEnd(10)} unchanged, skipped (${file})\n`);
    },
  };
}

/** A reporter that prints nothing, for tests and library use. */
export function silentReporter(): Reporter {
  return createReporter({ stream: new Writable({ write: (_chunk, _encoding, done) => done() }), verbose: false });
}
