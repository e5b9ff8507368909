/**
 * Linear text scanning for the jobs a regex did in quadratic time on user text.
 *
 * `/\s+$/` and its kin are retried by the engine at every start position: a line of n spaces
 * followed by a letter costs n²/2 steps (80,000 spaces took 4 s). These loops look at each
 * character once. Every regex on user text is either anchored and free of ambiguous quantifiers or
 * replaced by one of these (test/hostile/regex-linear.test.ts keeps it so).
 */

// Exactly the code units JavaScript's `\s` matches: WhiteSpace and LineTerminator (ECMA-262).
const SPACES = new Set([0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff]);

/** True when the code unit at `index` is one JavaScript's `\s` matches. */
export function isSpaceAt(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  return SPACES.has(code) || (code >= 0x2000 && code <= 0x200a);
}

/** True when `char` (one code unit) is one JavaScript's `\s` matches. */
export function isSpace(char: string | undefined): boolean {
  return char !== undefined && char.length === 1 && isSpaceAt(char, 0);
}

/** Index of the first code unit of `text` at or after `from` that `skip` does not accept (`text.length` when none). */
export function skipForward(text: string, from: number, skip: (text: string, index: number) => boolean): number {
  let i = from;
  while (i < text.length && skip(text, i)) i++;
  return i;
}

/** Index just after the last code unit of `text` before `to` that `skip` does not accept (0 when none). */
export function skipBackward(text: string, to: number, skip: (text: string, index: number) => boolean): number {
  let i = to;
  while (i > 0 && skip(text, i - 1)) i--;
  return i;
}

/** `text` without the code units `strip` accepts at its start and end. */
export function trimWhere(text: string, strip: (text: string, index: number) => boolean): string {
  const end = skipBackward(text, text.length, strip);
  return text.slice(skipForward(text, 0, (t, i) => i < end && strip(t, i)), end);
}

/** `text` without the code units `strip` accepts at its end. */
export function trimEndWhere(text: string, strip: (text: string, index: number) => boolean): string {
  return text.slice(0, skipBackward(text, text.length, strip));
}

/** A predicate for `trim*Where`: the code unit is one of `chars` (BMP characters) or, with `spaces`, whitespace. */
export function oneOf(chars: string, options: { spaces?: boolean } = {}): (text: string, index: number) => boolean {
  const set = new Set(chars);
  return (text, index) => set.has(text[index]!) || (options.spaces === true && isSpaceAt(text, index));
}

/** Each run of whitespace that holds a line break becomes one space (the regex `\s*\n\s*` did this in quadratic time). */
export function joinLines(text: string): string {
  if (!text.includes('\n')) return text;
  const parts: string[] = [];
  let copied = 0;
  let i = 0;
  while (i < text.length) {
    if (!isSpaceAt(text, i)) {
      i++;
      continue;
    }
    const end = skipForward(text, i, isSpaceAt);
    if (text.slice(i, end).includes('\n')) {
      parts.push(text.slice(copied, i), ' ');
      copied = end;
    }
    i = end;
  }
  parts.push(text.slice(copied));
  return parts.join('');
}

/**
 * `array.splice(index, remove, ...items)` without spreading `items` into arguments: a spread of
 * more than about 120,000 items (the paragraphs of a turn, the spans of a long text) overflows the
 * call stack. In place, one pass over the tail.
 */
export function spliceIn<T>(array: T[], index: number, remove: number, items: readonly T[]): void {
  const tail = array.splice(index + remove);
  array.length = index;
  for (const item of items) array.push(item);
  for (const item of tail) array.push(item);
}

/** `array.push(...items)` without the argument limit of a spread. */
export function pushAll<T>(array: T[], items: readonly T[]): void {
  for (const item of items) array.push(item);
}
