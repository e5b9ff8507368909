/** Errors and diagnostics shared by every stage; the CLI alone decides how to print them. */
import type { VFile } from 'vfile';
import type { VFileMessage } from 'vfile-message';

/** A failure the user can act on: printed as one line, exit code 1, never a stack trace. */
export class KumihanError extends Error {
  override readonly name = 'KumihanError';
  constructor(
    message: string,
    readonly where?: { file?: string; line?: number; column?: number },
  ) {
    super(message);
  }
}

/** Formats a location-prefixed line like a compiler: `file:line:col: message`. */
export function formatLocated(message: string, where?: KumihanError['where']): string {
  if (!where?.file) return message;
  let prefix = where.file;
  if (where.line !== undefined) prefix += `:${where.line}`;
  if (where.line !== undefined && where.column !== undefined) prefix += `:${where.column}`;
  return `${prefix}: ${message}`;
}

/** Formats one vfile message as `file:line:col: reason (ruleId)`. */
export function formatMessage(message: VFileMessage, fallbackFile?: string): string {
  const file = message.file || fallbackFile || '<input>';
  const place = message.place;
  const start = place && 'start' in place ? place.start : place;
  const rule = message.ruleId ? ` (${message.source ? `${message.source}:` : ''}${message.ruleId})` : '';
  const severity = message.fatal ? 'error' : 'warning';
  return `${formatLocated(`${severity}: ${message.reason}${rule}`, {
    file,
    line: start?.line,
    column: start?.column,
  })}`;
}

/** True when the file carries at least one fatal message (an error, not a warning). */
export function hasErrors(file: VFile): boolean {
  return file.messages.some((m) => m.fatal === true);
}

/** Throws the first fatal message of a file as a KumihanError. */
export function throwOnErrors(file: VFile): void {
  const first = file.messages.find((m) => m.fatal === true);
  if (!first) return;
  const start = first.place && 'start' in first.place ? first.place.start : first.place;
  throw new KumihanError(first.reason, { file: first.file || file.path, line: start?.line, column: start?.column });
}

const SYSTEM_ERRORS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EEXIST: 'already exists',
};

/**
 * Turns a file-system error (ENOENT, EACCES, …) into a one-line KumihanError naming the path;
 * anything else is returned unchanged (a bug keeps its stack trace).
 */
export function asUserError(error: unknown): unknown {
  const system = error as NodeJS.ErrnoException;
  const reason = systemReason(error);
  if (!reason) return error;
  return new KumihanError(system.path ? `${system.path}: ${reason}` : `${system.syscall ?? 'file system'}: ${reason}`);
}

/** The plain-words reason of a file-system error (`read-only file system`), or undefined for anything else. */
export function systemReason(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code ? SYSTEM_ERRORS[code] : undefined;
}

/** Messages a file keeps per rule: past this, a flood (a million stray 」) would cost seconds to collect and bury the first ones. */
export const MESSAGES_PER_RULE = 100;

/**
 * Makes `file` keep at most `limit` messages of each rule. The first message past the limit
 * stays, reworded to count those left out (`2345 more … not listed`), and stands in for them: a
 * caller that marks one fatal marks it fatal.
 */
export function limitMessages(file: VFile, limit = MESSAGES_PER_RULE): VFile {
  const message = file.message.bind(file) as (...args: unknown[]) => VFileMessage;
  const rules = new Map<string, { count: number; summary?: VFileMessage }>();
  file.message = ((...args: unknown[]) => {
    const options = args[1];
    const rule = (options && typeof options === 'object' && 'ruleId' in options ? String(options.ruleId) : undefined) ?? 'other';
    const seen = rules.get(rule) ?? { count: 0 };
    rules.set(rule, seen);
    seen.count++;
    if (seen.count <= limit) return message(...args);
    seen.summary ??= message(...args);
    seen.summary.reason = seen.summary.message = `${seen.count - limit} more ${rule} problems are not listed`;
    return seen.summary;
  }) as VFile['message'];
  return file;
}
