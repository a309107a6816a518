import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderConfigTable, withConfigTable } from './config-table.js';
import { CONFIG_SCHEMA } from './config.schema.js';

const readmePath = fileURLToPath(new URL('../../README.md', import.meta.url));
const readme = existsSync(readmePath) ? readFileSync(readmePath, 'utf8') : '';
const hasMarkers = withConfigTable(readme) !== undefined;

describe('configuration table', () => {
  it('has one row per declared variable', () => {
    const table = renderConfigTable();
    for (const v of CONFIG_SCHEMA) expect(table).toContain(`| \`${v.name}\` |`);
    expect(table.split('\n')).toHaveLength(CONFIG_SCHEMA.length + 2);
  });

  it('replaces only the text between the markers', () => {
    const doc = 'intro\n<!-- config-table:start -->\nold\n<!-- config-table:end -->\noutro\n';
    const out = withConfigTable(doc, '| t |')!;
    expect(out).toBe('intro\n<!-- config-table:start -->\n| t |\n<!-- config-table:end -->\noutro\n');
    expect(withConfigTable('no markers')).toBeUndefined();
  });

  if (!hasMarkers) {
    it.skip('README.md has no <!-- config-table:start/end --> markers yet: README check skipped', () =>
      undefined);
  } else {
    it('README.md shows exactly the table generated from the schema (run `node scripts/config-table.mjs --write`)', () => {
      expect(readme).toBe(withConfigTable(readme));
    });
  }
});
