import { existsSync, mkdtempSync, rmSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installSchemas } from '../../../validation/xsd/schema-installer.js';
import { repoRoot, schemasFolder } from '../../../validation/xsd/schema-manifest.js';
import { SchemaStore } from '../../../validation/xsd/schema-store.js';

/**
 * For tests: the official schemas from the reference material beside the repository
 * (`../shared/schemas`), installed into a temporary folder and verified against the
 * manifest; null when that material is not there (the tests then skip visibly).
 */
export function xdomeaSchemasForTests(): { store: SchemaStore; cleanup: () => void } | null {
  const shared = join(repoRoot(), '..', 'shared', 'schemas');
  if (!existsSync(join(shared, 'xdomea'))) return null;
  const folder = mkdtempSync(join(tmpdir(), 'einvoice-xdomea-'));
  copyFileSync(join(schemasFolder(), 'manifest.json'), join(folder, 'manifest.json'));
  const report = installSchemas(shared, { folder, target: join(folder, 'installed') });
  if (report.problems.length > 0) {
    rmSync(folder, { recursive: true, force: true });
    throw new Error(`schema install failed: ${report.problems.join('; ')}`);
  }
  return {
    store: new SchemaStore(report.target),
    cleanup: () => rmSync(folder, { recursive: true, force: true }),
  };
}
