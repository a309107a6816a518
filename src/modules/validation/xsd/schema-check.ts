import { XmlDocument } from 'libxml2-wasm';
import type { Syntax } from '../rules/rule.js';
import { PARSE_OPTIONS } from '../xml/secure-parse.js';
import { elideValidBinaries } from './binary-elision.js';
import type { SchemaError, SchemaStore } from './schema-store.js';

/**
 * The XSD step on its own, from the document's bytes: parse (the caller has already
 * established that the document is well-formed and free of DTDs), elide valid
 * attachments, validate. null when the schemas are not installed.
 */
export function checkSchema(store: SchemaStore, xml: Uint8Array, syntax: Syntax): SchemaError[] | null {
  if (!store.validator(syntax)) return null;
  const doc = XmlDocument.fromBuffer(xml, { option: PARSE_OPTIONS });
  try {
    elideValidBinaries(doc, xml);
    return store.validate(doc, syntax);
  } finally {
    doc.dispose();
  }
}
