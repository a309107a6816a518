import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import {
  loadManifest,
  sha256,
  schemasFolder,
  type ManifestFile,
  type SchemaManifest,
} from './schema-store.js';
import { readZip } from './zip-reader.js';

/**
 * Installs the official schemas from a folder or a ZIP. A file is found at its manifest
 * path, or anywhere in the source under the same file name (so the official UBL-2.1.zip
 * with its `xsdrt/` layout works too); it is only taken when size and sha256 match the pin.
 */
export interface InstallReport {
  readonly installed: string[];
  readonly problems: string[];
  readonly target: string;
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

export function installSchemas(from: string, folder: string = schemasFolder()): InstallReport {
  const manifest: SchemaManifest = loadManifest(folder);
  const target = join(folder, manifest.installDir);
  const source = statSync(from).isDirectory() ? dirSource(from) : zipSource(from);
  const installed: string[] = [];
  const problems: string[] = [];
  const files = [...manifest.files, ...manifest.licenceFiles];
  const accepted: [ManifestFile, Buffer][] = [];
  for (const f of files) {
    let found: Buffer | null = null;
    let seen = false;
    for (const b of source.candidates(f)) {
      seen = true;
      if (b.length === f.bytes && sha256(b) === f.sha256) {
        found = b;
        break;
      }
    }
    if (found) accepted.push([f, found]);
    else problems.push(seen ? `${f.path}: sha256 or size differs from the manifest` : `${f.path}: not found`);
  }
  // Nothing is written unless every pinned file was found and verified.
  if (problems.length > 0) return { installed, problems, target };
  for (const [f, b] of accepted) {
    const dest = join(target, f.path);
    mkdirSync(dirname(dest), { recursive: true });
    const tmp = `${dest}.tmp-${process.pid}`;
    writeFileSync(tmp, b);
    renameSync(tmp, dest);
    installed.push(f.path);
  }
  return { installed, problems, target };
}
