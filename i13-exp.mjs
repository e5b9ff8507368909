import { buildPdf } from './dist/writers/pdf.js';
await buildPdf({ htmlPath: process.argv[2], outputPath: process.argv[3], browser: '/usr/bin/chromium', metadata: { title: 'x' }, pagination: false });
