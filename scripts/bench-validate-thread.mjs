// A worker thread of `npm run bench:validate`: loads the validator, warms it up on the
// documents it is given, reports ready, then validates them `rounds` times when told to
// start. The main thread times all threads together (warm throughput on several cores).
import { parentPort, workerData } from 'node:worker_threads';

const { createValidator } = await import(workerData.validatorModule);
const validator = createValidator({});
const docs = workerData.docs;
for (let r = 0; r < 3; r++) for (const d of docs) await validator.validate(d.bytes, { fileName: d.file });
parentPort.postMessage('ready');
parentPort.once('message', async () => {
  for (let r = 0; r < workerData.rounds; r++)
    for (const d of docs) await validator.validate(d.bytes, { fileName: d.file });
  parentPort.postMessage('done');
});
