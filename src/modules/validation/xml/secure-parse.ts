import { ParseOption, XmlDocument, XmlParseError } from 'libxml2-wasm';
import { engineFinding, type Finding } from '../findings.js';
import { DEFAULT_PARSE_LIMITS, parseUnchecked, type ParseLimits } from './tree-parse.js';
import type { XNode } from './xnode.js';

export {
  DEFAULT_PARSE_LIMITS,
  parseUnchecked,
  prescan,
  type ParseLimits,
  type UncheckedParseResult,
} from './tree-parse.js';

/**
 * Hardened XML parsing. Every hostile or broken input ends in one finding with a stable
 * id, never in an exception, and never with content of local files in the output: a
 * DOCTYPE is refused before libxml2 sees the document, so no entity (internal or
 * external) can ever be declared, let alone expanded or loaded.
 */
/*
 * No NOENT (no entity substitution), no DTDLOAD/DTDATTR/DTDVALID (no external subset),
 * NONET and NO_XXE (never touch the network or files even if something slipped through),
 * BIG_LINES so line numbers above 65535 are reported truly.
 */
export const PARSE_OPTIONS =
  ParseOption.XML_PARSE_NONET | ParseOption.XML_PARSE_NO_XXE | ParseOption.XML_PARSE_BIG_LINES;

export type SecureParseResult =
  | {
      readonly ok: true;
      readonly root: XNode;
      readonly doc: XmlDocument;
      /** What libxml2 parsed: the bytes, or a copy with long valid attachments cut out (xml/attachments.ts). */
      readonly parsed: Uint8Array;
    }
  | { readonly ok: false; readonly finding: Finding };

/**
 * Parses with limits and returns the element tree plus the libxml2 document (for the
 * schema step). The caller owns `doc` and must dispose it.
 */
export function secureParse(
  bytes: Uint8Array,
  limits: ParseLimits = DEFAULT_PARSE_LIMITS,
): SecureParseResult {
  // The tree first (built in linear time whatever the input), so that libxml2 can be
  // given the document with its attachments cut out once the tree has confirmed them.
  const tree = parseUnchecked(bytes, limits);
  if (tree.ok === false) return tree;
  const parsed = tree.ok === true ? tree.parsed : bytes;
  let doc: XmlDocument;
  try {
    doc = XmlDocument.fromBuffer(parsed, { option: PARSE_OPTIONS });
  } catch (err) {
    if (parsed !== bytes) {
      // libxml2's own words on the document as sent (a column after a cut would differ)
      try {
        XmlDocument.fromBuffer(bytes, { option: PARSE_OPTIONS }).dispose();
      } catch (exact) {
        return { ok: false, finding: parseErrorFinding(exact) };
      }
    }
    return { ok: false, finding: parseErrorFinding(err) };
  }
  if (tree.ok === 'unsure') {
    // libxml2 has vouched for well-formedness, yet the tree could not be built
    doc.dispose();
    return { ok: false, finding: parseErrorFinding(tree.error) };
  }
  return { ok: true, root: tree.root, doc, parsed };
}

function parseErrorFinding(err: unknown): Finding {
  const detail = err instanceof XmlParseError ? err.details[0] : undefined;
  const raw = detail?.message ?? (err instanceof Error ? err.message : String(err));
  const message = raw.replace(/\s+/g, ' ').trim().slice(0, 300);
  const line = detail?.line;
  const column = detail?.col;
  if (/encoding|not proper UTF-8|Unsupported/i.test(message)) {
    return engineFinding('XML-ENCODING', { detail: message, line, column });
  }
  if (/Excessive depth/i.test(message)) return engineFinding('XML-TOO-DEEP', { line });
  if (/Document is empty/i.test(message)) return engineFinding('XML-EMPTY');
  return engineFinding('XML-NOT-WELL-FORMED', {
    detail: line ? `${line}:${column ?? 0} ${message}` : message,
    line,
    column,
  });
}
