/**
 * A minimal Word document (.docx) built in the test: the three parts Word needs and one
 * `<w:p>` per paragraph, runs bold (`**…**`) or italic (`*…*`) as marked, paragraph styles and tables.
 */
import JSZip from 'jszip';

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** One run: `**bold**`, `*italic*` or plain text. */
function run(text: string): string {
  const bold = /^\*\*(.*)\*\*$/su.exec(text);
  const italic = !bold && /^\*(.*)\*$/su.exec(text);
  const props = bold ? '<w:rPr><w:b/></w:rPr>' : italic ? '<w:rPr><w:i/></w:rPr>' : '';
  const body = bold ? bold[1]! : italic ? italic[1]! : text;
  return `<w:r>${props}<w:t xml:space="preserve">${escape(body)}</w:t></w:r>`;
}

/** A paragraph in a named paragraph style (`Heading2`), or a table of paragraphs (one per cell). */
export type DocxBlock = { style: string; text: string; /** The style's name in word/styles.xml (as Japanese Word names `1` 'heading 1'). */ name?: string } | { table: string[][] };

const paragraph = (text: string, style?: string) =>
  `<w:p>${style ? `<w:pPr><w:pStyle w:val="${style}"/></w:pPr>` : ''}${text.split(/(\*\*[^*]+\*\*|\*[^*]+\*)/u).filter(Boolean).map(run).join('')}</w:p>`;

function block(item: string | DocxBlock): string {
  if (typeof item === 'string') return paragraph(item);
  if ('style' in item) return paragraph(item.text, item.style);
  // Word needs a paragraph in every cell, even an empty one.
  return `<w:tbl>${item.table.map((row) => `<w:tr>${row.map((cell) => `<w:tc>${paragraph(cell)}</w:tc>`).join('')}</w:tr>`).join('')}</w:tbl>`;
}

/**
 * Builds a .docx whose paragraphs are `paragraphs`; within one, `**…**` and `*…*` runs are bold
 * and italic; a `DocxBlock` is a paragraph in a style (mammoth maps `Heading1`… to `<h1>`…) or a table.
 */
export async function makeDocx(paragraphs: (string | DocxBlock)[]): Promise<Uint8Array> {
  const body = paragraphs.map(block).join('');
  const zip = new JSZip();
  zip.file(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  );
  zip.file(
    '_rels/.rels',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
  );
  const named = new Map(paragraphs.flatMap((item) => (typeof item !== 'string' && 'style' in item && item.name ? [[item.style, item.name] as const] : [])));
  if (named.size > 0) {
    const styles = [...named].map(([id, name]) => `<w:style w:type="paragraph" w:styleId="${escape(id)}"><w:name w:val="${escape(name)}"/></w:style>`).join('');
    zip.file('word/styles.xml', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">${styles}</w:styles>`);
  }
  zip.file(
    'word/document.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`,
  );
  return zip.generateAsync({ type: 'uint8array', date: new Date('2026-01-01T00:00:00Z') });
}
