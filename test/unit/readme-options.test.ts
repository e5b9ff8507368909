/** The README names every command and every option the CLI has (the README is the users' reference). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createProgram } from '../../src/cli/program.js';

const readme = readFileSync(path.resolve(import.meta.dirname, '../../README.md'), 'utf8');

describe('README', () => {
  it('names every command and its options', async () => {
    const program = await createProgram();
    const missing: string[] = [];
    for (const command of program.commands) {
      if (!readme.includes(`kumihan ${command.name()}`)) missing.push(`kumihan ${command.name()}`);
      for (const option of command.options) {
        if (!readme.includes(option.long!)) missing.push(`kumihan ${command.name()} ${option.long}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
