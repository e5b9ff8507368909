/** The book's stable `urn:uuid` identifier, which survives new editions and printings. */
import { createHash } from 'node:crypto';
import type { FrontMatter } from '../../config/schema.js';

/** RFC 4122 namespace for URLs; the name is a `urn:kumihan:` string, so ids stay kumihan's own. */
const NAMESPACE_URL = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';

/**
 * `meta.identifier` when the manuscript sets one, else a UUIDv5 of the title, the interviewee and
 * the interview date. The edition is left out on purpose: a reprint is the same book to a reader
 * (their e-book shelf keeps notes and position per identifier).
 */
export function stableIdentifier(meta: FrontMatter): string {
  if (meta.identifier) return meta.identifier.toLowerCase();
  const name = ['urn:kumihan:book', meta.title, meta.interviewee ?? '', meta.date ?? '']
    .map((part) => part.normalize('NFC').trim())
    .join('\n');
  return `urn:uuid:${uuidV5(name, NAMESPACE_URL)}`;
}

/** A name-based (SHA-1) UUID, version 5 (RFC 9562 §5.5). */
export function uuidV5(name: string, namespace: string): string {
  const bytes = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/gu, ''), 'hex'))
    .update(name, 'utf8')
    .digest()
    .subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
