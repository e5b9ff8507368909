/**
 * Ctrl-C during synchronous work. Node runs a SIGINT handler only between tasks, so while a
 * stage computes (the import of a 10 MB transcript, the typography pass of a long book) Ctrl-C
 * waited until the stage was done. `vm`'s `breakOnSigint` stops the running code itself; the
 * process then ends as an interrupted run does (children stopped, temporaries removed, exit 130).
 */
import vm from 'node:vm';
import { isMainThread } from 'node:worker_threads';
import { removeTemporaries } from './fs.js';
import { stopDescendants } from './processes.js';

const WORK = Symbol.for('kumihan.interruptible-work');
const RUN = new vm.Script('globalThis[Symbol.for("kumihan.interruptible-work")]()', { filename: 'kumihan-interruptible' });
let depth = 0;

/** Runs `work` (synchronous) so that Ctrl-C ends the process at once, however long `work` takes. */
export function interruptible<T>(work: () => T): T {
  // Signals reach the main thread only; nested calls are already covered by the outermost one.
  if (!isMainThread || depth > 0) return work();
  const global = globalThis as unknown as Record<symbol, () => T>;
  global[WORK] = work;
  depth++;
  try {
    return RUN.runInThisContext({ breakOnSigint: true }) as T;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_SCRIPT_EXECUTION_INTERRUPTED') exitInterrupted();
    throw error;
  } finally {
    depth--;
    delete global[WORK];
  }
}

/**
 * {@link interruptible} for a stage of an async pipeline: first a poll of the event loop, so that a
 * Ctrl-C caught before it reaches its listener. While `work` runs, vm sets the SIGINT listeners
 * aside, and a signal Node had caught but not yet handed to them is lost: a Ctrl-C just after the
 * parse went unnoticed through the whole typography pass of the bundled CLI, which reaches it
 * without reading a file in between. One `setImmediate` may run before the loop polls again; the
 * second runs after a poll.
 */
export async function interruptibleStage<T>(work: () => T): Promise<T> {
  for (let turn = 0; turn < 2; turn++) await new Promise((resolve) => setImmediate(resolve));
  return interruptible(work);
}

/** What an interrupted run does: children first (none may write after the cleanup), then temporaries, then exit 130. */
function exitInterrupted(): never {
  stopDescendants();
  removeTemporaries();
  process.exit(130);
}
