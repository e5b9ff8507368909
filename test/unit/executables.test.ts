/** The one PATH lookup (src/core/executables.ts) and the one XML escape (src/core/text.ts). */
import { describe, expect, it } from 'vitest';
import { findOnPath, pathCandidates, type PathKind } from '../../src/core/executables.js';
import { escapeXml } from '../../src/core/text.js';

describe('findOnPath', () => {
  const files: Record<string, PathKind> = {
    '/opt/bin/pandoc': 'not-executable',
    '/usr/bin/pandoc': 'executable',
    '/usr/local/bin/java': 'directory',
    'C:\\Tools\\pandoc.exe': 'executable',
  };
  const probe = (file: string): PathKind => files[file] ?? 'missing';

  it('takes the first executable file in PATH order, skipping what cannot be run', () => {
    const env = { PATH: '/opt/bin::/usr/local/bin:/usr/bin' };
    expect(findOnPath('pandoc', env, { platform: 'linux', probe })).toBe('/usr/bin/pandoc');
    expect(findOnPath('java', env, { platform: 'linux', probe })).toBeUndefined();
    expect(findOnPath('pandoc', {}, { platform: 'linux', probe })).toBeUndefined();
  });

  it('reads Windows paths and a PATH variable spelled in any case', () => {
    expect(pathCandidates(['pandoc.exe'], { Path: 'C:\\Windows;C:\\Tools' }, 'win32')).toEqual(['C:\\Windows\\pandoc.exe', 'C:\\Tools\\pandoc.exe']);
    expect(findOnPath('pandoc.exe', { Path: 'C:\\Windows;C:\\Tools' }, { platform: 'win32', probe })).toBe('C:\\Tools\\pandoc.exe');
  });
});

describe('escapeXml', () => {
  it('escapes what character data and double-quoted attributes cannot hold, and nothing else', () => {
    expect(escapeXml(`<a href="x">&amp;</a> 'それ'　「」`)).toBe(`&lt;a href=&quot;x&quot;&gt;&amp;amp;&lt;/a&gt; 'それ'　「」`);
  });
});
