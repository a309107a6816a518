import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Syntax } from '../rules/rule.js';
import type { SchemaOutcome } from './schema-check.js';
import type { SchemaRequest } from './schema.worker.js';

/**
 * Runs the XSD step of a validator on a thread of its own, so that a document's schema
 * check (libxml2: parse, compiled schema) runs while the main thread applies the rules to
 * the same document. The schemas are compiled once, on that thread. For a batch on two
 * cores this beats a second full validator: that one would have to load and warm up all
 * the rules again.
 *
 * A failure of the thread never decides a document: `check` then rejects, and the
 * validator checks the schema in its own thread instead.
 */
export class SchemaThread {
  private readonly worker: Worker;
  private readonly waiting = new Map<
    number,
    { resolve: (e: SchemaOutcome) => void; reject: (e: Error) => void }
  >();
  private nextId = 1;
  private broken: Error | null = null;

  private constructor(url: URL, dir: string) {
    this.worker = new Worker(url, { workerData: { dir } });
    // Referenced only while a check is outstanding: an idle schema thread does not keep
    // the process alive, a pending one does (a promise alone would not).
    this.worker.unref();
    this.worker.on('message', (msg: { id: number; outcome?: SchemaOutcome; failure?: string }) => {
      const w = this.waiting.get(msg.id);
      if (!w) return;
      this.waiting.delete(msg.id);
      if (this.waiting.size === 0) this.worker.unref();
      if (msg.failure !== undefined) w.reject(new Error(msg.failure));
      else w.resolve(msg.outcome ?? null);
    });
    const fail = (err: Error): void => {
      this.broken = err;
      for (const w of this.waiting.values()) w.reject(err);
      this.waiting.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`schema thread exited (${code})`)));
  }

  /** A schema thread, or null where there is no compiled worker (running from sources). */
  static start(dir: string): SchemaThread | null {
    // by way of the validation root: this code also runs from the CLI's bundle in cli/
    const url = new URL('../xsd/schema.worker.js', import.meta.url);
    return existsSync(fileURLToPath(url)) ? new SchemaThread(url, dir) : null;
  }

  /** Well-formedness and schema of the document, checked on the schema thread. */
  check(xml: Uint8Array, syntax: Syntax): Promise<SchemaOutcome> {
    if (this.broken) return Promise.reject(this.broken);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (this.waiting.size === 0) this.worker.ref();
      this.waiting.set(id, { resolve, reject });
      // Copied by the message itself. Measured on the sending thread (the busy one): a
      // SharedArrayBuffer per document cost 40-85 µs, a copy transferred 15-20 µs, the
      // plain message 10 µs. A view into a larger buffer would take all of it along: that
      // one is cut to size first, and the copy handed over.
      if (xml.byteOffset === 0 && xml.byteLength === xml.buffer.byteLength) {
        this.worker.postMessage({ id, xml, syntax } satisfies SchemaRequest);
      } else {
        const own = new Uint8Array(xml); // a copy (a Buffer's slice() would be a view)
        this.worker.postMessage({ id, xml: own, syntax } satisfies SchemaRequest, [own.buffer]);
      }
    });
  }

  async close(): Promise<void> {
    this.broken ??= new Error('schema thread closed');
    await this.worker.terminate();
  }
}
