/** The one serializer on hostile text: escaped in HTML, escaped and well-formed in XHTML, nothing dropped. */
import { h } from 'hastscript';
import { describe, expect, it } from 'vitest';
import { serialize } from '../../src/render/serialize.js';
import { assertWellFormed } from './helpers.js';

const SPOKEN = '<script>alert(1)</script> ]]> & &amp; <img src=x onerror=alert(1)> <!-- --> <![CDATA[x]]>';

describe('serialize', () => {
  it('XHTML: text is escaped with &lt; &gt; &amp;, so `]]>` and tags stay text and the file is well-formed', () => {
    const xhtml = serialize(h('p', SPOKEN), 'xhtml');
    expect(xhtml).toContain('&lt;script&gt;alert(1)&lt;/script&gt; ]]&gt; &amp; &amp;amp; &lt;img src=x onerror=alert(1)&gt;');
    expect(xhtml).not.toMatch(/<script|<img|]]>/);
    assertWellFormed(`<div xmlns="http://www.w3.org/1999/xhtml">${xhtml}</div>`);
    // In an attribute value `]]>` is allowed; `<`, `&` and the quote are escaped.
    const attribute = serialize(h('p', { title: `"${SPOKEN}` }), 'xhtml');
    expect(attribute).toContain('title="&#x22;&#x3C;script>');
    assertWellFormed(attribute);
  });

  it('HTML: text is escaped, no element comes out of it', () => {
    const html = serialize(h('p', SPOKEN), 'html');
    expect(html).not.toMatch(/<script|<img|<!--|<!\[CDATA/);
    expect(html).toContain('&#x3C;script>alert(1)&#x3C;/script>');
  });

  it('XHTML refuses a character XML cannot carry instead of deleting it', () => {
    for (const bad of ['\u000c', '\u0001', '\ud800', '\uffff']) {
      expect(() => serialize(h('p', `前${bad}後`), 'xhtml')).toThrow(/XHTML cannot carry U\+/);
    }
    // Astral characters (a surrogate pair) are fine.
    expect(serialize(h('p', '𠮷野家'), 'xhtml')).toBe('<p xmlns="http://www.w3.org/1999/xhtml">𠮷野家</p>');
  });
});
