import { existsSync, mkdtempSync, rmSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installSchemas } from '../../../src/modules/validation/xsd/schema-installer.js';
import { schemasFolder } from '../../../src/modules/validation/xsd/schema-store.js';

/**
 * The reference material (official corpus and schemas) lives beside the repository as
 * ../shared. Tests that need it are skipped visibly, with the reason in their name, when
 * it is absent.
 */
export const REPO_ROOT = resolve(fileURLToPath(new URL('../../../', import.meta.url)));
export const SHARED = join(REPO_ROOT, '..', 'shared');
export const CORPUS = join(SHARED, 'corpus');
export const SHARED_SCHEMAS = join(SHARED, 'schemas');
export const HAS_SHARED =
  existsSync(join(CORPUS, 'expected.jsonl')) && existsSync(join(SHARED_SCHEMAS, 'manifest.json'));

export const describeWithShared: jest.Describe = HAS_SHARED
  ? describe
  : (((name: string, fn: () => void) =>
      describe.skip(
        `${name} [SKIPPED: reference material ../shared not found]`,
        fn,
      )) as unknown as jest.Describe);

/** Installs the official schemas into a fresh temporary folder; returns the install dir. */
export function installSchemasToTemp(): { dir: string; cleanup: () => void } {
  const folder = mkdtempSync(join(tmpdir(), 'einvoice-schemas-'));
  copyFileSync(join(schemasFolder(), 'manifest.json'), join(folder, 'manifest.json'));
  const report = installSchemas(SHARED_SCHEMAS, folder);
  if (report.problems.length > 0) throw new Error(`schema install failed: ${report.problems.join('; ')}`);
  return { dir: report.target, cleanup: () => rmSync(folder, { recursive: true, force: true }) };
}
