/**
 * Renders the configuration table of the README from `CONFIG_SCHEMA`, so documentation
 * and validation cannot drift (`node scripts/config-table.mjs --write` updates README.md;
 * a unit test fails when they differ).
 */
import { CONFIG_SCHEMA, type ConfigVarSpec } from './config.schema.js';

export const TABLE_START = '<!-- config-table:start -->';
export const TABLE_END = '<!-- config-table:end -->';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function typeOf(v: ConfigVarSpec): string {
  switch (v.type) {
    case 'enum':
      return (v.values ?? []).map((x) => `\`${x}\``).join(' | ');
    case 'list':
      return `comma-separated list of ${(v.values ?? []).map((x) => `\`${x}\``).join(', ')}`;
    case 'url':
      return `URL (${(v.schemes ?? []).map((s) => `${s}://`).join(', ')})`;
    case 'int':
      return v.min !== undefined ? `integer ≥ ${v.min}` : 'integer';
    case 'port':
      return 'port (0–65535)';
    case 'boolean':
      return 'boolean';
    case 'string':
      return 'string';
  }
}

export function renderConfigTable(schema: readonly ConfigVarSpec[] = CONFIG_SCHEMA): string {
  const rows = schema.map((v) => {
    const def = v.default !== undefined ? `\`${v.default}\`` : (v.defaultText ?? 'unset');
    const desc = v.sensitive ? `${v.description} *(secret)*` : v.description;
    return `| \`${v.name}\` | ${cell(typeOf(v))} | ${cell(def)} | ${cell(desc)} |`;
  });
  return ['| Variable | Type | Default | Description |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

/** The README text with the table between the markers replaced; undefined without markers. */
export function withConfigTable(readme: string, table = renderConfigTable()): string | undefined {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start < 0 || end < start) return undefined;
  return `${readme.slice(0, start + TABLE_START.length)}\n${table}\n${readme.slice(end)}`;
}
