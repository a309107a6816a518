import { SchemaStore } from '../xsd/schema-store.js';

/**
 * The pipeline's libxml2 work on the validator's own thread: libxml2's parse and the
 * schema check. Loaded on first need (see steps.ts), so that a validator whose schema
 * checks run on its schema thread does not load libxml2 (35 ms) unless a document needs it
 * here: a PDF, a document libxml2 refuses, a schema thread that failed.
 */
export { secureParse } from '../xml/secure-parse.js';
export { checkParsed } from '../xsd/schema-check.js';

// One schema store per folder and process: compiling the UBL schema costs ~150 ms.
const stores = new Map<string, SchemaStore>();

export function schemaStore(dir: string): SchemaStore {
  let s = stores.get(dir);
  if (!s) {
    s = new SchemaStore(dir);
    stores.set(dir, s);
  }
  return s;
}
