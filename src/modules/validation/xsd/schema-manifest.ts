import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Syntax } from '../rules/rule.js';

/**
 * The pinned manifest of the official schemas and the check of an installation against it
 * (see schema-store.ts). No libxml2 here: a validator whose schema checks run on its schema
 * thread reads the folder from here without loading libxml2 itself.
 */
/**
 * What the manifest's entry points name: the invoice syntaxes, and the xdomea 3.0.0
 * FVDaten messages (Fachverfahren ↔ DMS) the case-record export writes and reads.
 */
export type SchemaEntry = Syntax | 'xdomea-fvdaten';

export interface ManifestFile {
  readonly path: string;
  readonly sha256: string;
  readonly bytes: number;
  readonly origin?: string;
}

export interface SchemaManifest {
  readonly version: string;
  readonly installDir: string;
  readonly entryPoints: Readonly<Record<SchemaEntry, string>>;
  readonly files: readonly ManifestFile[];
  readonly licenceFiles: readonly ManifestFile[];
}

export interface SchemaError {
  readonly message: string;
  readonly line: number;
}

/** The repository root: this file sits at {src,dist}/modules/validation/xsd/. */
export function repoRoot(): string {
  return resolve(fileURLToPath(new URL('../../../../', import.meta.url)));
}

export function schemasFolder(): string {
  return join(repoRoot(), 'schemas');
}

export function loadManifest(folder: string = schemasFolder()): SchemaManifest {
  return JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8')) as SchemaManifest;
}

/**
 * Where the installed schemas of a data directory live: `<data dir>/schemas`. The
 * application, `einvoice schemas` and `einvoice doctor` resolve the data directory from the
 * configuration and pass the folder in; this library only knows the layout.
 */
export function schemasDirOf(dataDir: string): string {
  return join(dataDir, 'schemas');
}

/**
 * The folder the library falls back to when a caller names none (`einvoice validate`, the
 * tests): the schemas of the default data directory (`./data`) of a checkout, where
 * `npm start` and `einvoice schemas install` put them when run from the repository; when
 * that folder does not exist but the checkout has schemas where releases before kept them
 * (`schemas/installed`, also where the container image bakes them in), that folder.
 */
export function defaultInstallDir(): string {
  const dir = schemasDirOf(join(repoRoot(), 'data'));
  if (existsSync(dir)) return dir;
  const legacy = legacyInstallDir();
  return existsSync(legacy) ? legacy : dir;
}

/** Where releases before the data directory kept them (`schemas/installed` of the checkout). */
export function legacyInstallDir(folder: string = schemasFolder()): string {
  return join(folder, loadManifest(folder).installDir);
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export interface VerifyReport {
  readonly ok: boolean;
  readonly dir: string;
  readonly checked: number;
  /** Human-readable problems: missing files, size or hash mismatches. */
  readonly problems: readonly string[];
}

/** Checks that every pinned schema file exists in `dir` with its size and sha256. */
export function verifyInstalled(dir: string, manifest: SchemaManifest = loadManifest()): VerifyReport {
  const problems: string[] = [];
  let checked = 0;
  for (const f of manifest.files) {
    const p = join(dir, f.path);
    if (!existsSync(p)) {
      problems.push(`missing ${f.path}`);
      continue;
    }
    const bytes = readFileSync(p);
    checked++;
    if (bytes.length !== f.bytes) problems.push(`${f.path}: ${bytes.length} bytes, expected ${f.bytes}`);
    else if (sha256(bytes) !== f.sha256) problems.push(`${f.path}: sha256 mismatch`);
  }
  return { ok: problems.length === 0, dir, checked, problems };
}
