import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ValidationResult } from '../result.js';
import type { ValidatorOptions } from '../validator.js';
import { validateFile } from './validate-file.js';
import { defaultInstallDir } from '../xsd/schema-manifest.js';
import { SchemaThread } from '../xsd/schema-thread.js';

/**
 * Validates many files on all cores while delivering results strictly in input order.
 * The main thread validates too, so a worker's start-up (module loading, schema
 * compilation) is never pure waiting; work is handed out in small chunks on demand.
 * Workers are started before the main thread loads the validator itself, so both load
 * the rule modules and compile the schemas at the same time.
 */
export interface BatchOptions {
  readonly validator: ValidatorOptions;
  /** Full validators on worker threads besides the main thread; default: cores - 2, 0 for small batches. */
  readonly workers?: number;
  /** The main thread's XSD step on a thread of its own; default: on for batches on two cores or more. */
  readonly schemaThread?: boolean;
  readonly onResult: (result: ValidationResult, index: number) => void | Promise<void>;
  readonly onProgress?: (done: number, total: number) => void;
}

const MIN_FILES_FOR_WORKERS = 64;
const CHUNK = 8;
/** Documents the main thread keeps under way while their schema checks run elsewhere. */
const SCHEMA_LOOKAHEAD = 64;

function workerUrl(): URL | null {
  const url = new URL('./validate.worker.js', import.meta.url);
  // Under ts sources (tests) there is no compiled worker: run on the main thread only.
  return existsSync(fileURLToPath(url)) ? url : null;
}

export async function runBatch(files: readonly string[], options: BatchOptions): Promise<void> {
  const url = workerUrl();
  // On two cores the second one serves the main thread's schema checks rather than a full
  // second validator: that one would load and warm up all the rules again, which in a
  // batch of a few hundred documents costs more than it gains.
  const cores = Math.min(availableParallelism(), 8);
  const batch = files.length >= MIN_FILES_FOR_WORKERS;
  const wanted = options.workers ?? (batch ? Math.max(0, cores - 2) : 0);
  const workerCount = url ? wanted : 0;
  // started first of all: it compiles the schemas while the rules load here
  const schemaThread =
    (options.schemaThread ?? (batch && cores >= 2)) && !options.validator.skipSchema
      ? SchemaThread.start(options.validator.schemaDir ?? defaultInstallDir())
      : null;

  const pending = new Map<number, ValidationResult>();
  let nextToEmit = 0;
  let nextToTake = 0;
  let done = 0;
  let emitting: Promise<void> = Promise.resolve();

  const delivered = new Set<number>();
  const deliver = (index: number, result: ValidationResult): void => {
    if (delivered.has(index)) return;
    delivered.add(index);
    pending.set(index, result);
    done++;
    options.onProgress?.(done, files.length);
    emitting = emitting.then(async () => {
      while (pending.has(nextToEmit)) {
        const r = pending.get(nextToEmit)!;
        pending.delete(nextToEmit);
        await options.onResult(r, nextToEmit);
        nextToEmit++;
      }
    });
  };

  const workers: Worker[] = [];
  const finished: Promise<void>[] = [];
  for (let w = 0; w < workerCount; w++) {
    const worker = new Worker(url!, { workerData: options.validator });
    workers.push(worker);
    finished.push(
      new Promise<void>((resolve) => {
        const feed = (): void => {
          if (nextToTake >= files.length) {
            worker.postMessage({ type: 'stop' });
            return;
          }
          const chunk: { index: number; path: string }[] = [];
          while (chunk.length < CHUNK && nextToTake < files.length) {
            chunk.push({ index: nextToTake, path: files[nextToTake] });
            nextToTake++;
          }
          worker.postMessage({ type: 'job', files: chunk });
        };
        worker.on(
          'message',
          (msg: { type: string; results?: { index: number; result: ValidationResult }[] }) => {
            if (msg.type === 'results') for (const r of msg.results!) deliver(r.index, r.result);
            feed();
          },
        );
        // A crashed worker loses only time: its undelivered files are redone below.
        worker.on('error', () => resolve());
        worker.on('exit', () => resolve());
      }),
    );
  }

  const { createValidator } = await import('../validator.js');
  const validator = createValidator({ ...options.validator, schemaThread: schemaThread ?? false });
  // The main thread's share. With a schema thread, several documents are under way at
  // once: while one waits for its schema check, the rules run on the next, so this thread
  // never idles (the schemas are still compiling while the first documents arrive).
  const lookahead = schemaThread ? SCHEMA_LOOKAHEAD : 1;
  const underway = new Set<Promise<void>>();
  while (nextToTake < files.length) {
    const index = nextToTake++;
    const one = validateFile(validator, files[index]).then((r) => deliver(index, r));
    underway.add(one);
    void one.finally(() => underway.delete(one));
    if (underway.size >= lookahead) await Promise.race(underway);
    // yield, so that worker messages are handled
    if (workerCount > 0) await new Promise<void>((r) => setImmediate(r));
  }
  try {
    await Promise.all(underway);
    await Promise.all(finished);
    for (let index = 0; index < files.length; index++) {
      if (!delivered.has(index)) deliver(index, await validateFile(validator, files[index]));
    }
    await emitting;
  } finally {
    for (const w of workers) void w.terminate();
    await validator.close();
  }
}
