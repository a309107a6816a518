// A job worker in a process of its own, for the tests of what a crash leaves behind: it
// takes one job, says so on stdout ("taken <job id>") and never finishes it, until the test
// kills it. Runs the built engine (dist/).
// usage: node crashing-worker.mjs <redis|postgres> <url> <namespace> <job name> <payload JSON>
import { JobEngine } from '../../../dist/modules/jobs/job-engine.js';

const [backend, url, namespace, name, payload] = process.argv.slice(2);
const engine = new JobEngine({ backend, url, namespace, concurrency: 1 });
engine.startWorker(async (_name, _payload, ctx) => {
  process.stdout.write(`taken ${ctx.jobId}\n`);
  await new Promise(() => undefined);
});
await engine.enqueue(name, JSON.parse(payload));
