import { describe, expect, it } from 'vitest';
import { VFile } from 'vfile';
import { checkBrackets } from '../../../src/core/brackets.js';

const check = (text: string, start = { line: 1, column: 1 }) => {
  const file = new VFile({ path: 't.txt' });
  const count = checkBrackets(text, file, start);
  return { count, messages: file.messages.map((m) => `${m.line}:${m.column}: ${m.reason}`) };
};

describe('checkBrackets', () => {
  it('accepts balanced and nested brackets, mixing half- and full-width parentheses', () => {
    expect(check('「あ『い（う）』え」(お）【か】')).toEqual({ count: 0, messages: [] });
  });

  it('reports a stray closer and an unclosed opener at their positions, offset by the start', () => {
    expect(check('安上がりだ」という', { line: 66, column: 1 }).messages).toEqual(['66:6: closing 」 has no opening 「']);
    expect(check('冒頭で、「欧米の外交は', { line: 134, column: 3 }).messages).toEqual(['134:7: opening 「 is not closed']);
  });

  it('reports openers left inside a closed pair', () => {
    expect(check('「あ（い」').messages).toEqual(['1:3: opening （ is not closed']);
  });

  it('counts lines and columns across newlines', () => {
    expect(check('あ\nい」', { line: 10, column: 5 }).messages).toEqual(['11:2: closing 」 has no opening 「']);
  });

  it('tags messages for the import source and rule', () => {
    const file = new VFile();
    checkBrackets(')', file, { line: 1, column: 1 });
    expect(file.messages[0]).toMatchObject({ ruleId: 'unbalanced-bracket', source: 'kumihan-import' });
  });
});
