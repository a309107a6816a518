import { XmlDocument } from 'libxml2-wasm';
import type { Syntax } from '../rules/rule.js';
import { PARSE_OPTIONS } from '../xml/secure-parse.js';
import { elideValidBinaries } from './binary-elision.js';
import type { SchemaError, SchemaStore } from './schema-store.js';

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
    if (!store.validator(syntax)) return null;
    elideValidBinaries(doc, xml);
    return store.validate(doc, syntax);
  } finally {
    doc.dispose();
  }
}
