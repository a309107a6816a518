#!/usr/bin/env node
// Prints the configuration table (Markdown) generated from src/config/config.schema.ts;
// `--write` puts it into README.md between <!-- config-table:start --> and <!-- config-table:end -->.
// Uses the build in dist/ (built first when missing or stale).
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const built = spawnSync(process.execPath, [join(root, 'scripts', 'ensure-build.mjs')], { stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);
const { renderConfigTable, withConfigTable } = await import(join(root, 'dist', 'config', 'config-table.js'));

const table = renderConfigTable();
if (!process.argv.includes('--write')) {
  process.stdout.write(table + '\n');
  process.exit(0);
}
const readmePath = join(root, 'README.md');
const readme = readFileSync(readmePath, 'utf8');
const next = withConfigTable(readme, table);
if (next === undefined) {
  console.error('README.md has no <!-- config-table:start --> / <!-- config-table:end --> markers');
  process.exit(1);
}
if (next !== readme) writeFileSync(readmePath, next);
console.error(next === readme ? 'README.md is up to date' : 'README.md updated');
