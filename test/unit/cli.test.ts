import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/program.js';
import { captureOutput } from '../support/cli-sandbox.js';

const capture = captureOutput;

afterEach(() => vi.restoreAllMocks());

describe('kumihan CLI', () => {
  it('prints help for the program and every subcommand with exit code 0', async () => {
    for (const args of [['--help'], ['import', '--help'], ['build', '--help'], ['check', '--help'], ['errata', '--help'], ['preview', '--help']]) {
      const { out } = capture();
      expect(await main(args)).toBe(0);
      expect(out.join('')).toMatch(/^Usage: kumihan/);
      vi.restoreAllMocks();
    }
  });

  it('exits 2 on bad usage', async () => {
    capture();
    expect(await main(['typeset'])).toBe(2);
    expect(await main(['build', '--size', 'A3'])).toBe(2);
    expect(await main(['import'])).toBe(2);
    expect(await main(['errata'])).toBe(2);
  });

  it('exits 1 with one line naming the file when a manuscript is missing', async () => {
    const { err } = capture();
    expect(await main(['build', 'no-such-manuscript.md', '--epub', '--out', 'output/.test-missing'])).toBe(1);
    expect(err.join('')).toBe('kumihan: no-such-manuscript.md: no such file or directory\n');
  });
});
