import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import {
  defaultInstallDir,
  loadManifest,
  sha256,
  schemasFolder,
  type ManifestFile,
  type SchemaManifest,
} from './schema-manifest.js';
import { readZip } from './zip-reader.js';

/**
 * Installs the official schemas from folders or ZIPs. A file is found at its manifest
 * path, or anywhere in a source under the same file name (so the official UBL-2.1.zip
 * with its `xsdrt/` layout works too); it is only taken when size and sha256 match the pin.
 */
export interface InstallReport {
  readonly installed: string[];
  /** Why nothing was installed; empty on success. */
  readonly problems: string[];
  /** Licence texts not found among the sources (installed without them). */
  readonly missingLicences: string[];
  readonly target: string;
}

export interface InstallOptions {
  /** Folder of manifest.json (default: the repository's schemas/). */
  readonly folder?: string;
  /** Where the schemas go (default: the library's default install folder). */
  readonly target?: string;
}

type Source = { candidates(file: ManifestFile): Iterable<Buffer> };

function dirSource(root: string): Source {
  let index: Map<string, string[]> | null = null;
  const walk = (dir: string, out: Map<string, string[]>): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p, out);
      else if (e.isFile()) out.set(e.name, [...(out.get(e.name) ?? []), p]);
    }
  };
  return {
    *candidates(file) {
      const direct = join(root, file.path);
      if (existsSync(direct)) yield readFileSync(direct);
      if (!index) {
        index = new Map();
        walk(root, index);
      }
      for (const p of index.get(basename(file.path)) ?? []) if (p !== direct) yield readFileSync(p);
    },
  };
}

function zipSource(zipPath: string): Source {
  const entries = readZip(readFileSync(zipPath));
  return {
    *candidates(file) {
      const name = basename(file.path);
      for (const e of entries) {
        if (
          (e.name === file.path || e.name.endsWith('/' + name) || e.name === name) &&
          e.size === file.bytes
        ) {
          yield e.read();
        }
      }
    },
  };
}

function sourceOf(from: string): Source {
  return statSync(from).isDirectory() ? dirSource(from) : zipSource(from);
}

function find(sources: readonly Source[], f: ManifestFile): { bytes: Buffer | null; seen: boolean } {
  let seen = false;
  for (const source of sources) {
    for (const b of source.candidates(f)) {
      seen = true;
      if (b.length === f.bytes && sha256(b) === f.sha256) return { bytes: b, seen };
    }
  }
  return { bytes: null, seen };
}

/**
 * Installs from one or several sources (folders or ZIPs). Nothing is written unless every
 * pinned schema file was found and verified; the verified files are written into a
 * staging folder beside the target and then renamed into place, so a validator looking at
 * the target sees the old installation or the new one, never half of one. Licence texts
 * are copied when a source has them (the publishers' downloads do not carry all of them).
 */
export function installSchemas(
  from: string | readonly string[],
  optionsOrFolder: InstallOptions | string = {},
): InstallReport {
  const options: InstallOptions =
    typeof optionsOrFolder === 'string'
      ? { folder: optionsOrFolder, target: join(optionsOrFolder, loadManifest(optionsOrFolder).installDir) }
      : optionsOrFolder;
  const manifest: SchemaManifest = loadManifest(options.folder ?? schemasFolder());
  const target = options.target ?? defaultInstallDir();
  const sources = (typeof from === 'string' ? [from] : from).map(sourceOf);
  const problems: string[] = [];
  const missingLicences: string[] = [];
  const accepted: [ManifestFile, Buffer][] = [];
  for (const f of manifest.files) {
    const { bytes, seen } = find(sources, f);
    if (bytes) accepted.push([f, bytes]);
    else problems.push(seen ? `${f.path}: sha256 or size differs from the manifest` : `${f.path}: not found`);
  }
  if (problems.length > 0) return { installed: [], problems, missingLicences, target };
  for (const f of manifest.licenceFiles) {
    const { bytes } = find(sources, f);
    if (bytes) accepted.push([f, bytes]);
    else missingLicences.push(f.path);
  }
  placeAtomically(target, accepted);
  return { installed: accepted.map(([f]) => f.path), problems, missingLicences, target };
}

/** Writes the files into a staging folder beside `target`, then swaps it in with renames. */
function placeAtomically(target: string, files: readonly [ManifestFile, Buffer][]): void {
  const parent = dirname(target);
  mkdirSync(parent, { recursive: true });
  const tag = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const staging = join(parent, `.${basename(target)}.staging-${tag}`);
  const old = join(parent, `.${basename(target)}.old-${tag}`);
  try {
    for (const [f, b] of files) {
      const dest = join(staging, f.path);
      mkdirSync(dirname(dest), { recursive: true });
      writeFileSync(dest, b);
    }
    // rename() cannot replace a non-empty folder: move the old installation aside first.
    // Another installer may do the same at the same moment; the last swap wins, and both
    // installed the same verified bytes.
    for (let attempt = 0; ; attempt++) {
      try {
        renameSync(staging, target);
        break;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (attempt >= 3 || (code !== 'ENOTEMPTY' && code !== 'EEXIST')) throw err;
        try {
          renameSync(target, old);
        } catch (moveErr) {
          if ((moveErr as NodeJS.ErrnoException).code !== 'ENOENT') throw moveErr;
        }
        rmSync(old, { recursive: true, force: true });
      }
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
    rmSync(old, { recursive: true, force: true });
  }
}
