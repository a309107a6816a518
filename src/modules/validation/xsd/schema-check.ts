import { XmlDocument } from 'libxml2-wasm';
import type { Syntax } from '../rules/rule.js';
import { PARSE_OPTIONS } from '../xml/secure-parse.js';
import type { XNode } from '../xml/xnode.js';
import { elideValidBinaries, type ForeignBinary } from './binary-elision.js';
import type { SchemaError, SchemaStore } from './schema-store.js';
import { repairMisjudgements, restoreForeignBinaries } from './xerces-parity.js';

/** The schema errors ([] when valid); null when the schemas are not installed; 'malformed' when libxml2 refuses the document. */
export type SchemaOutcome = SchemaError[] | null | 'malformed';

/**
 * The XSD step on its own, from the document's bytes (already checked for limits and
 * DOCTYPEs): parse, which also settles well-formedness, elide valid attachments,
 * validate.
 */
export function checkSchema(store: SchemaStore, xml: Uint8Array, syntax: Syntax): SchemaOutcome {
  let doc: XmlDocument;
  try {
    doc = XmlDocument.fromBuffer(xml, { option: PARSE_OPTIONS });
  } catch {
    return 'malformed';
  }
  try {
    return checkParsed(store, doc, xml, syntax);
  } finally {
    doc.dispose();
  }
}

/**
 * The schema check of a document libxml2 has parsed: elide valid attachments, validate.
 * `tree` is our element tree of the same document, when at hand (see elideValidBinaries).
 * null when the schemas are not installed.
 *
 * The verdict is the official engine's (Xerces): where libxml2 judges otherwise, the
 * document is adjusted for libxml2 (xsd/xerces-parity.ts, xsd/binary-elision.ts).
 */
export function checkParsed(
  store: SchemaStore,
  doc: XmlDocument,
  xml: Uint8Array,
  syntax: Syntax,
  tree?: XNode,
): SchemaError[] | null {
  if (!store.validator(syntax)) return null;
  const foreign: ForeignBinary[] = [];
  elideValidBinaries(doc, xml, tree, foreign);
  let errors = store.validate(doc, syntax);
  // A second look only at a document libxml2 rejects; each round repairs what the last
  // validation reported (a repair cannot make libxml2 report new misjudgements, so one
  // round suffices; the bound guards against a surprise).
  for (let round = 0; errors !== null && errors.length > 0 && round < 3; round++) {
    if (repairMisjudgements(doc, errors) === 0) break;
    errors = store.validate(doc, syntax);
  }
  return errors === null ? null : restoreForeignBinaries(errors, foreign);
}
