/** Checks of built files: EPUBCheck on the EPUB, font embedding (no Type 3) and a text layer on the PDFs. */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { loadPdf } from '../writers/print/pdf-document.js';
import { pdfFontProblems } from '../writers/print/pdf-fonts.js';

const run = promisify(execFile);

/** One problem found in a built file. */
export interface OutputProblem {
  file: string;
  message: string;
}

/** Runs Debian's EPUBCheck (`java -jar /usr/bin/epubcheck`); every error or warning is a problem. */
export async function checkEpub(file: string, jar = '/usr/bin/epubcheck'): Promise<OutputProblem[]> {
  if (!existsSync(jar)) return [{ file, message: `EPUBCheck is not installed; run \`npm run setup\` or \`apt-get install -y epubcheck\`` }];
  // Absolute paths for the tools: a relative one starting with `-` would be read as an option.
  const result = await run('java', ['-jar', jar, '--quiet', path.resolve(file)], { maxBuffer: 16 << 20 }).then(
    (ok) => ok.stdout + ok.stderr,
    (failed: { stdout?: string; stderr?: string }) => `${failed.stdout ?? ''}${failed.stderr ?? ''}`,
  );
  return result
    .split('\n')
    .filter((line) => /^(FATAL|ERROR|WARNING)/.test(line))
    .map((line) => ({ file, message: `EPUBCheck ${line.trim()}` }));
}

/** The font check every build makes (pdf-lib, no poppler needed): Type 3, not embedded, no text layer. */
export async function checkPdfFonts(file: string): Promise<OutputProblem[]> {
  let document;
  try {
    document = await loadPdf(new Uint8Array(await readFile(file)));
  } catch (error) {
    return [{ file, message: `cannot read the PDF (${error instanceof Error ? error.message.split('\n')[0] : String(error)})` }];
  }
  return pdfFontProblems(document).map((message) => ({ file, message }));
}
