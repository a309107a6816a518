#!/usr/bin/env node
// `npm run migration:generate -- <Name>`, `npm run migration:run`, `npm run migration:revert`:
// builds when dist/ is stale, then runs `einvoice migration <command>` with the same
// configuration (DATABASE_URL, or the embedded PostgreSQL under EINVOICE_DATA_DIR).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const built = spawnSync(process.execPath, [join(root, 'scripts', 'ensure-build.mjs')], { stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);
const r = spawnSync(process.execPath, [join(root, 'dist', 'cli.js'), 'migration', ...process.argv.slice(2)], {
  stdio: 'inherit',
  cwd: root,
});
process.exit(r.status ?? 1);
