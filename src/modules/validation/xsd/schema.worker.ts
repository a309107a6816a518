import { parentPort, workerData } from 'node:worker_threads';
import type { Syntax } from '../rules/rule.js';
import { checkSchema } from './schema-check.js';
import { SchemaStore } from './schema-store.js';

/**
 * The schema thread (see schema-thread.ts): answers schema checks in the order they
 * arrive. The schemas are compiled right away (each on first need at the latest), while
 * the main thread is still loading the rules.
 */
export interface SchemaRequest {
  readonly id: number;
  readonly xml: Uint8Array;
  readonly syntax: Syntax;
}

const port = parentPort!;
const store = new SchemaStore((workerData as { dir: string }).dir);

port.on('message', (req: SchemaRequest) => {
  try {
    port.postMessage({ id: req.id, outcome: checkSchema(store, req.xml, req.syntax) });
  } catch (err) {
    port.postMessage({ id: req.id, failure: err instanceof Error ? err.message : String(err) });
  }
});

// Compile ahead, one schema per turn of the event loop, so that a request for a schema
// already compiled is answered in between.
const ahead: Syntax[] = ['ubl-invoice', 'cii', 'ubl-creditnote'];
const compileNext = (): void => {
  const syntax = ahead.shift();
  if (!syntax) return;
  store.validator(syntax);
  setImmediate(compileNext);
};
setImmediate(compileNext);
