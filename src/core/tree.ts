/**
 * One walk of a syntax tree (mdast, hast, xast). unist-util-visit does the same, but names a
 * function and copies the ancestors for every node it enters; with a dozen passes over each book
 * that was a tenth of a short build's time (docs/performance.md).
 */
import type { Element, Nodes as HastNodes, Parents as HastParents } from 'hast';
import type { Node, Parent } from 'unist';

/** Returned by a visitor: do not enter this node's children. */
export const SKIP = 'skip';
/** Returned by a visitor: stop the walk. */
export const EXIT = 'exit';
/**
 * What a visitor returns: nothing (go on, into the node's children), SKIP, EXIT, or the index in
 * the parent's children to go on from, after the visitor changed them (the node's children are
 * not entered).
 */
export type Action = typeof SKIP | typeof EXIT | number | undefined | void;

/**
 * Calls `visit` for `tree` and every node below it, in document order, with the node's index in
 * its parent, the parent, and all its ancestors (outermost first: one array for the whole walk,
 * to read and not to keep). A node's children are read after its visit.
 */
export function eachNode<N extends Node, P extends Parent = Extract<N, Parent>>(
  tree: N,
  visit: (node: N, index: number | undefined, parent: P | undefined, ancestors: readonly P[]) => Action,
): void {
  const ancestors: P[] = [];
  const enter = (node: N, index: number | undefined): Action => {
    const action = visit(node, index, ancestors[ancestors.length - 1], ancestors);
    if (action !== undefined) return action;
    const children = (node as Partial<Parent>).children as N[] | undefined;
    if (!children) return undefined;
    ancestors.push(node as unknown as P);
    for (let i = 0; i < children.length; ) {
      const result = enter(children[i]!, i);
      if (result === EXIT) return EXIT;
      i = typeof result === 'number' ? result : i + 1;
    }
    ancestors.pop();
    return undefined;
  };
  enter(tree, undefined);
}

/** {@link eachNode} for the elements of a hast tree. */
export function eachElement(tree: HastNodes, visit: (node: Element, index: number | undefined, parent: HastParents | undefined) => Action): void {
  eachNode<HastNodes, HastParents>(tree, (node, index, parent) => (node.type === 'element' ? visit(node, index, parent) : undefined));
}
