/**
 * Lazy subcommands (src/cli/program.ts): `kumihan --help` lists every command from a table
 * without loading the modules, so the table must say what the modules say.
 */
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { SUBCOMMANDS, createProgram, invokedSubcommand } from '../../src/cli/program.js';

describe('lazy subcommands', () => {
  it('lists each subcommand with the description its own module gives it', async () => {
    for (const [name, subcommand] of Object.entries(SUBCOMMANDS)) {
      const full = new Command('kumihan');
      (await subcommand.load())(full);
      const defined = full.commands.find((command) => command.name() === name);
      expect(defined, name).toBeDefined();
      expect(defined!.description(), name).toBe(subcommand.description);
    }
  });

  it('finds the subcommand being run or asked about', () => {
    expect(invokedSubcommand(['build', '--force', 'manuscript/a.md'])).toBe('build');
    expect(invokedSubcommand(['--help'])).toBeUndefined();
    expect(invokedSubcommand(['help', 'errata'])).toBe('errata');
    expect(invokedSubcommand(['help'])).toBeUndefined();
    expect(invokedSubcommand(['bogus', 'build'])).toBeUndefined();
    // Not a key of the table even though every object has it.
    expect(invokedSubcommand(['constructor'])).toBeUndefined();
  });

  it('defines the invoked subcommand in full and the others by name and description', async () => {
    const program = await createProgram(['build', '--epub']);
    const build = program.commands.find((command) => command.name() === 'build')!;
    const check = program.commands.find((command) => command.name() === 'check')!;
    expect(build.options.map((option) => option.long)).toContain('--epub');
    expect(check.options).toHaveLength(0);
    expect(check.description()).toBe(SUBCOMMANDS.check!.description);
    expect(program.commands.map((command) => command.name())).toEqual(Object.keys(SUBCOMMANDS));
  });
});
