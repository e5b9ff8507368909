// Child process for the interrupt test: leaves temporaries of this process (and one of another
// process) in a directory the way a build does, says "ready", and waits for a signal.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
const { temporarySibling, removeTemporariesOnExit } = await import(path.resolve(process.argv[2], 'dist/core/fs.js'));
const dir = process.argv[3];
removeTemporariesOnExit(dir);
// A half-written EPUB, and a PDF temporary as Vivliostyle names it (with .pdf after .tmp).
writeFileSync(temporarySibling(path.join(dir, 'book.epub')), 'half');
writeFileSync(`${temporarySibling(path.join(dir, 'book.pdf'))}.pdf`, 'half');
// Another run's temporary (another pid) must survive.
writeFileSync(path.join(dir, '.book.epub.1.0123abcd.tmp'), 'theirs');
process.stdout.write('ready\n');
setInterval(() => {}, 1000);
