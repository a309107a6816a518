#!/usr/bin/env node
// `npm run bench`: every benchmark, one after the other (build first: `npm run build`).
// Figures only — speed and memory are measured here, never asserted in tests.
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
let failed = false;
for (const script of [
  'scripts/bench-validate.mjs',
  'scripts/bench-intake.mjs',
  'scripts/bench-approval.mjs',
  'scripts/bench-records.mjs',
  'scripts/bench-postings.mjs',
  'scripts/bench-webhooks.mjs',
]) {
  console.log(`\n=== ${script} ===`);
  const r = spawnSync(process.execPath, [script], { cwd: root, stdio: 'inherit' });
  failed ||= r.status !== 0;
}
process.exit(failed ? 1 : 0);
