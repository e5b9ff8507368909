/**
 * The one serializer: the same hast becomes HTML (print, for Vivliostyle) or XHTML (EPUB).
 * They differ only in options — never in a second hand-written serializer.
 */
import { toHtml } from 'hast-util-to-html';
import { toXast } from 'hast-util-to-xast';
import { toXml } from 'xast-util-to-xml';
import type { Nodes } from 'hast';
import type { Nodes as XastNodes, Text } from 'xast';
import type { Raw } from 'xast-util-to-xml';
import { eachNode } from '../core/tree.js';
import { describeCharacter, NOT_XML_CHAR } from '../core/text.js';

export type Syntax = 'html' | 'xhtml';

/** Serializes hast as HTML or as well-formed XHTML. Text is always escaped: it never becomes markup. */
export function serialize(tree: Nodes, syntax: Syntax): string {
  if (syntax === 'html') return toHtml(tree, { characterReferences: { useNamedReferences: false } });
  // xast carries the XHTML namespace on the root element it is given; fragments inherit it.
  const xast = toXast(tree);
  escapeText(xast);
  return toXml(xast, { allowDangerousXml: true });
}

/**
 * xast-util-to-xml escapes only `&` and `<` in text and silently deletes control characters.
 * Spoken text may contain `]]>`, which XML forbids in content unless its `>` is escaped, and a
 * deleted character is a lost one. So every text node is escaped here (`&amp;` `&lt;` `&gt;`)
 * and written as given; a character XML cannot carry is a bug upstream (the manuscript reader
 * refuses them with a position), never something to drop quietly.
 */
function escapeText(tree: XastNodes): void {
  eachNode(tree, (node) => {
    if (node.type !== 'text' && node.type !== 'raw') return;
    const literal = node as Text | Raw;
    const invalid = NOT_XML_CHAR.exec(literal.value);
    if (invalid) throw new Error(`XHTML cannot carry ${describeCharacter(invalid[0])} in ${JSON.stringify(literal.value.slice(0, 40))}`);
    Object.assign(literal, { type: 'raw', value: literal.value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') });
  });
}
