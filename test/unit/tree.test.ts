/** The one tree walk (src/core/tree.ts): document order, SKIP, EXIT, going on after a change, ancestors. */
import type { Element, ElementContent, Root } from 'hast';
import { h } from 'hastscript';
import { describe, expect, it } from 'vitest';
import { eachElement, eachNode, EXIT, SKIP } from '../../src/core/tree.js';

const tree = (): Root => ({ type: 'root', children: [h('p', ['a', h('em', ['b']), 'c']), h('div', [h('p', ['d'])])] });
const names = (node: Root | ElementContent) => (node.type === 'element' ? node.tagName : node.type === 'text' ? node.value : node.type);

describe('eachNode', () => {
  it('visits every node in document order with its index, parent and ancestors', () => {
    const seen: string[] = [];
    eachNode<Root | ElementContent, Root | Element>(tree(), (node, index, parent, ancestors) => {
      seen.push(`${names(node)}@${index ?? '-'}<${parent ? names(parent) : '-'}[${ancestors.map(names).join('/')}]`);
    });
    expect(seen).toEqual([
      'root@-<-[]',
      'p@0<root[root]',
      'a@0<p[root/p]',
      'em@1<p[root/p]',
      'b@0<em[root/p/em]',
      'c@2<p[root/p]',
      'div@1<root[root]',
      'p@0<div[root/div]',
      'd@0<p[root/div/p]',
    ]);
  });

  it('leaves out the children of a node when told to skip, and stops at EXIT', () => {
    const seen: string[] = [];
    eachNode<Root | ElementContent>(tree(), (node) => {
      seen.push(names(node));
      if (names(node) === 'em') return SKIP;
      if (names(node) === 'div') return EXIT;
      return undefined;
    });
    expect(seen).toEqual(['root', 'p', 'a', 'em', 'c', 'div']);
  });

  it('goes on from the index a visitor gives after changing its parent’s children', () => {
    const root = tree();
    const seen: string[] = [];
    eachNode<Root | ElementContent, Root | Element>(root, (node, index, parent) => {
      seen.push(names(node));
      if (node.type === 'text' && node.value === 'a' && parent && index !== undefined) {
        parent.children.splice(index, 1, { type: 'text', value: 'x' }, { type: 'text', value: 'y' });
        return index + 2;
      }
      return undefined;
    });
    expect(seen).toEqual(['root', 'p', 'a', 'em', 'b', 'c', 'div', 'p', 'd']);
    expect((root.children[0] as Element).children.map(names)).toEqual(['x', 'y', 'em', 'c']);
  });
});

describe('eachElement', () => {
  it('visits the elements only', () => {
    const seen: string[] = [];
    eachElement(tree(), (node) => void seen.push(node.tagName));
    expect(seen).toEqual(['p', 'em', 'div', 'p']);
  });
});
