/** The manuscript's YAML front matter: parsed, checked against the schema, each problem at its key. */
import type { Root, RootContent } from 'mdast';
import type { Point, Position } from 'unist';
import type { VFile } from 'vfile';
import { LineCounter, parseDocument, isNode, visit as visitYaml, type Document } from 'yaml';
import * as v from 'valibot';
import { FrontMatterSchema, type FrontMatter } from '../config/schema.js';
import { COVER_TITLE_MAX } from '../config/describe.js';
import { describeCharacter, NOT_XML_CHAR } from '../core/text.js';
import { fail, SOURCE } from './diagnostics.js';

/** Reads and validates the YAML front matter; schema problems point at the offending key. */
export function readFrontMatter(tree: Root, file: VFile): FrontMatter {
  const yamlNode = tree.children.find((node: RootContent) => node.type === 'yaml');
  if (!yamlNode || yamlNode.type !== 'yaml') {
    if (/^\ufeff?---[ \t]*\r?$/m.test(String(file.value).split('\n', 1)[0] ?? '')) {
      fail(file, 'the front matter opened here is never closed: end it with a line `---`', { line: 1, column: 1 }, 'front-matter');
      return emptyMeta();
    }
    fail(file, 'the manuscript needs YAML front matter (--- title: … ---); run `kumihan import` to create one', { line: 1, column: 1 }, 'front-matter');
    return emptyMeta();
  }
  // The YAML value starts on the line after the opening `---`.
  const yamlStart = (yamlNode.position?.start.line ?? 1) + 1;
  const lineCounter = new LineCounter();
  const document = parseDocument(yamlNode.value, { lineCounter, prettyErrors: false });
  const at = (offset: number | undefined): Point => {
    const { line, col } = lineCounter.linePos(offset ?? 0);
    return { line: line + yamlStart - 1, column: col };
  };
  for (const error of document.errors) {
    fail(file, `front matter: ${error.message.split('\n')[0]}`, at(error.pos[0]), 'front-matter-yaml');
  }
  if (document.errors.length) return emptyMeta();

  // A YAML escape (`"\f"`, `"\uD800"`) can produce what the raw-text check cannot see.
  const rawTextClean = !file.messages.some((message) => message.ruleId === 'invalid-character');
  visitYaml(document, {
    Scalar(_, node) {
      // A YAML 1.1 timestamp (`%YAML 1.1`, `!!timestamp`) would roll 2023-02-30 over to March 2:
      // the schema checks the date as written instead.
      if (node.value instanceof Date && node.source !== undefined) node.value = node.source;
      const invalid = rawTextClean && typeof node.value === 'string' ? NOT_XML_CHAR.exec(node.value) : null;
      if (invalid) fail(file, `front matter: ${describeCharacter(invalid[0])} cannot be printed or put in an EPUB`, at(node.range?.[0]), 'invalid-character');
    },
  });
  const data = frontMatterData(document);
  if ('alias' in data) {
    fail(file, 'front matter: its aliases (*name) expand to too much data (a YAML alias bomb): write the values out', at(data.alias), 'front-matter-yaml');
    return emptyMeta();
  }
  const result = v.safeParse(FrontMatterSchema, data.value ?? {});
  if (result.success) {
    checkSpeakerIds(result.output, file, yamlNode.position);
    const titleLength = [...result.output.title].length;
    if (titleLength > COVER_TITLE_MAX) {
      const node = document.get('title', true);
      file.message(`the title is ${titleLength} characters long: the covers show its first ${COVER_TITLE_MAX} (cut at a phrase) and the title page all of it; shorten it, or move the rest to subtitle`, {
        place: at(isNode(node) ? node.range?.[0] : undefined),
        ruleId: 'long-title',
        source: SOURCE,
      });
    }
    return result.output;
  }
  for (const issue of result.issues) {
    const keys = issue.path?.map((item) => item.key as string | number) ?? [];
    const node = keys.length ? document.getIn(keys, true) : undefined;
    const range = isNode(node) ? node.range : undefined;
    const name = keys.join('.') || 'front matter';
    fail(file, `front matter: ${name}: ${issue.message}`, range ? at(range[0]) : yamlNode.position?.start, 'front-matter-schema');
  }
  return emptyMeta();
}

/** A front matter needs few aliases, if any; this many is an alias bomb, whose expansion would exhaust memory. */
export const MAX_YAML_ALIASES = 100;

/**
 * The front matter as plain data, or the offset of its first alias when expanding the aliases
 * would pass `MAX_YAML_ALIASES` (yaml then throws a ReferenceError instead of expanding them).
 */
export function frontMatterData(document: Document): { value: unknown } | { alias: number } {
  try {
    return { value: document.toJS({ maxAliasCount: MAX_YAML_ALIASES }) };
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    let alias = 0;
    visitYaml(document, {
      Alias(_, node) {
        alias = node.range?.[0] ?? 0;
        return visitYaml.BREAK;
      },
    });
    return { alias };
  }
}

function checkSpeakerIds(meta: FrontMatter, file: VFile, place: Position | undefined): void {
  const seen = new Set<string>();
  for (const speaker of meta.speakers) {
    if (seen.has(speaker.id)) fail(file, `front matter: speaker id “${speaker.id}” is used twice`, place, 'front-matter-schema');
    seen.add(speaker.id);
  }
}

/** The front matter of a manuscript whose own is unusable: no speakers, so nothing is structured. */
export function emptyMeta(): FrontMatter {
  return { title: '', lang: 'ja', speakers: [], editions: [], size: 'A5', columns: 1 };
}
