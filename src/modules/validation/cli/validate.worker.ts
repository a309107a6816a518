import { parentPort, workerData } from 'node:worker_threads';
import { createValidator, type ValidatorOptions } from '../validator.js';
import { validateFile } from './validate-file.js';

/**
 * A batch worker: validates the files it is sent and returns the results with their
 * input index; the main thread puts them back in input order.
 */
type Job = { type: 'job'; files: { index: number; path: string }[] } | { type: 'stop' };

const port = parentPort!;
const validator = createValidator(workerData as ValidatorOptions);

port.on('message', (msg: Job) => {
  if (msg.type === 'stop') {
    port.close();
    return;
  }
  void (async () => {
    const results = [];
    for (const f of msg.files)
      results.push({ index: f.index, result: await validateFile(validator, f.path) });
    port.postMessage({ type: 'results', results });
  })();
});
port.postMessage({ type: 'ready' });
