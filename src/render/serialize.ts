/**
 * The one serializer: the same hast becomes HTML (print, for Vivliostyle) or XHTML (EPUB).
 * They differ only in options — never in a second hand-written serializer.
 */
import { toHtml } from 'hast-util-to-html';
import { toXast } from 'hast-util-to-xast';
import { toXml } from 'xast-util-to-xml';
import type { Nodes } from 'hast';

export type Syntax = 'html' | 'xhtml';

/** Serializes hast as HTML or as well-formed XHTML. Text is always escaped: it never becomes markup. */
export function serialize(tree: Nodes, syntax: Syntax): string {
  if (syntax === 'html') return toHtml(tree, { characterReferences: { useNamedReferences: false } });
  // xast carries the XHTML namespace on the root element it is given; fragments inherit it.
  return toXml(toXast(tree), { allowDangerousXml: false });
}
