/**
 * In the bundle, epub-gen-memory's HTML normaliser (`fixHTML`, from htmlparser2, css-select and
 * dom-serializer). kumihan's chapters reach the library with an empty `content` (their bodies
 * travel under a key of their own, src/writers/epub/writer.ts), so the normaliser only ever
 * turns '' into ''. Anything else would be a change in the writer: it fails here, loudly, rather
 * than being written unnormalised.
 */
'use strict';

exports.fixHTML = function fixHTML(_index, data) {
  if (data !== '') throw new Error("kumihan's bundle: epub-gen-memory was given chapter HTML to normalise; the EPUB writer passes chapter bodies through, with an empty content");
  return '';
};
