#!/usr/bin/env node
// Runs the whole suite (unit, integration, e2e) with Jest in ESM mode and prints the plain
// summary line "N passed, N failed, N skipped" that CI reads. Extra arguments go to Jest.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const services = join(root, 'scripts', 'services.sh');
if (existsSync(services) && process.env.EINVOICE_SKIP_SERVICES !== '1') {
  const r = spawnSync('bash', [services, 'ensure'], { stdio: 'inherit', cwd: root });
  if (r.status !== 0) {
    console.error('scripts/services.sh ensure failed: the suite needs the services it starts');
    process.exit(r.status ?? 1);
  }
}

const dir = mkdtempSync(join(tmpdir(), 'einvoice-jest-'));
const out = join(dir, 'result.json');
const jest = join(root, 'node_modules', 'jest', 'bin', 'jest.js');
const args = ['--experimental-vm-modules', '--no-warnings', jest, '--json', `--outputFile=${out}`, ...process.argv.slice(2)];
const r = spawnSync(process.execPath, args, { stdio: 'inherit', cwd: root, env: { ...process.env, NODE_ENV: 'test' } });

let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(out)) {
  const res = JSON.parse(readFileSync(out, 'utf8'));
  passed = res.numPassedTests;
  failed = res.numFailedTests;
  skipped = res.numPendingTests + res.numTodoTests;
  // A suite that fails to load has no failed test; count it so CI never reads green.
  failed += res.testResults.filter((t) => t.status === 'failed' && t.assertionResults.length === 0).length;
}
rmSync(dir, { recursive: true, force: true });
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(r.status === 0 && failed === 0 ? 0 : 1);
