/**
 * No module of src/ imports a module that imports it back, directly or around a longer loop (type
 * imports and dynamic imports count: a cycle is a tangle whatever is imported through it). Arrows
 * point down: cli → pipeline (core/build.ts) → writers → render/transform → manuscript → core.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const src = path.resolve(import.meta.dirname, '../../src');

/** The relative imports of a TypeScript source (static, type-only, re-exports and dynamic), comments left out. */
export function relativeImports(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//gu, '').replace(/^\s*\/\/.*$/gmu, '');
  const found = [
    ...code.matchAll(/^\s*(?:import|export)\s[^'";]*?\sfrom\s*['"](\.{1,2}\/[^'"]+)['"]/gmu),
    ...code.matchAll(/^\s*import\s*['"](\.{1,2}\/[^'"]+)['"]/gmu),
    ...code.matchAll(/\bimport\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/gu),
  ];
  return found.map((match) => match[1]!);
}

/** The import graph of src/: each module (path relative to src/) and the modules it imports. */
function importGraph(): Map<string, string[]> {
  const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts')).map((file) => file.split(path.sep).join('/'));
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const targets = relativeImports(readFileSync(path.join(src, file), 'utf8')).map((target) => path.posix.join(path.posix.dirname(file), target).replace(/\.js$/u, '.ts'));
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** The strongly connected components with more than one module, or a module importing itself (Tarjan). */
export function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1 || graph.get(node)!.includes(node)) found.push(component.sort());
  }
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

describe('import cycles in src/', () => {
  it('reads every kind of relative import, and none in comments', () => {
    const source = [
      "import { a } from './a.js';",
      "import type { B } from '../b/b.js';",
      'import {\n  c,\n  type D,\n} from "./c.js";',
      "export { e } from './e.js';",
      "export type * from './f.js';",
      "import './g.js';",
      "const h = await import('./h.js');",
      "import path from 'node:path';",
      "/** see import('./no-1.js') and\n * import { x } from './no-2.js' */",
      "// import { y } from './no-3.js';",
    ].join('\n');
    expect(relativeImports(source).sort()).toEqual(['../b/b.js', './a.js', './c.js', './e.js', './f.js', './g.js', './h.js']);
  });

  it('finds a loop of any length and only loops', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts', 'd.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['e.ts']],
      ['e.ts', []],
      ['f.ts', ['f.ts']],
    ]);
    expect(cycles(graph).map((cycle) => cycle.join(' ')).sort()).toEqual(['a.ts b.ts c.ts', 'f.ts']);
  });

  it('has no cycle', () => {
    const graph = importGraph();
    // The walk sees the pipeline's own imports, dynamic and static.
    expect(graph.get('core/build.ts')).toEqual(expect.arrayContaining(['core/cache.ts', 'manuscript/parse.ts', 'writers/print/print-book.ts']));
    expect(cycles(graph).map((cycle) => cycle.join(' '))).toEqual([]);
  });
});
