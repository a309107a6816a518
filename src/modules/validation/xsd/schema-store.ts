import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ParseOption,
  XmlDocument,
  XmlValidateError,
  XsdValidator,
  xmlRegisterInputProvider,
  type XmlInputProvider,
} from 'libxml2-wasm';
import {
  loadManifest,
  sha256,
  verifyInstalled,
  type SchemaEntry,
  type SchemaError,
  type SchemaManifest,
  type VerifyReport,
} from './schema-manifest.js';

export {
  defaultInstallDir,
  legacyInstallDir,
  loadManifest,
  repoRoot,
  schemasDirOf,
  schemasFolder,
  sha256,
  verifyInstalled,
  type ManifestFile,
  type SchemaEntry,
  type SchemaError,
  type SchemaManifest,
  type VerifyReport,
} from './schema-manifest.js';

/**
 * The XSD step. The official schemas are not part of the repository: the application
 * downloads them, or `einvoice schemas install` copies them, into `<data dir>/schemas/`,
 * and this store verifies every file against the sha256 pinned in `schemas/manifest.json`
 * before compiling it. Each entry point is compiled once per process (about 150 ms for UBL)
 * and reused for every document.
 */
// libxml2 resolves xs:include/xs:import relative to the schema's URL; every schema is
// served from memory under this scheme, so libxml2 never opens a file or a socket itself.
const SCHEME = 'einvoice-xsd:';
const served = new Map<string, Uint8Array>();
const open = new Map<number, { data: Uint8Array; pos: number }>();
let nextFd = 1;
let providerRegistered = false;

const provider: XmlInputProvider = {
  match: (name) => name.startsWith(SCHEME),
  open: (name) => {
    const data = served.get(name);
    if (!data) return undefined;
    const fd = nextFd++;
    open.set(fd, { data, pos: 0 });
    return fd;
  },
  read: (fd, buf) => {
    const f = open.get(fd);
    if (!f) return -1;
    const n = Math.min(buf.byteLength, f.data.length - f.pos);
    buf.set(f.data.subarray(f.pos, f.pos + n));
    f.pos += n;
    return n;
  },
  close: (fd) => open.delete(fd),
};

let storeCounter = 0;

export class SchemaStore {
  private readonly compiled = new Map<SchemaEntry, XsdValidator>();
  private readonly schemaDocs: XmlDocument[] = [];
  private readonly base: string;
  private verified: VerifyReport | null = null;

  constructor(
    readonly dir: string,
    private readonly manifest: SchemaManifest = loadManifest(),
  ) {
    this.base = `${SCHEME}//store${storeCounter++}/`;
  }

  /**
   * Verification result. A good one is kept for the life of the store; a bad one is
   * checked again whenever a document needs the schemas, so schemas installed while the
   * process runs are used at once, without a restart. (Without an installation that is a
   * few file-existence checks; only a damaged one costs hashing its files again.)
   */
  status(): VerifyReport {
    if (!this.verified?.ok) this.verified = verifyInstalled(this.dir, this.manifest);
    return this.verified;
  }

  /** The compiled validator for the syntax, or null when the schemas are not installed. */
  validator(syntax: SchemaEntry): XsdValidator | null {
    const hit = this.compiled.get(syntax);
    if (hit) return hit;
    if (!this.status().ok) return null;
    if (!providerRegistered) {
      xmlRegisterInputProvider(provider);
      providerRegistered = true;
    }
    if (!served.has(this.base + this.manifest.entryPoints[syntax])) {
      // What libxml2 compiles is exactly what matches the pins: the folder may have been
      // replaced (a new installation swapped in) since status() looked.
      const loaded = new Map<string, Uint8Array>();
      for (const f of this.manifest.files) {
        let bytes: Buffer | null = null;
        try {
          bytes = readFileSync(join(this.dir, f.path));
        } catch {
          // gone meanwhile: treated like a mismatch
        }
        if (!bytes || bytes.length !== f.bytes || sha256(bytes) !== f.sha256) {
          this.verified = null;
          return null;
        }
        loaded.set(this.base + f.path, bytes);
      }
      for (const [url, bytes] of loaded) served.set(url, bytes);
    }
    const url = this.base + this.manifest.entryPoints[syntax];
    const xsd = XmlDocument.fromBuffer(served.get(url)!, { url, option: ParseOption.XML_PARSE_NONET });
    // The schema document stays alive with the compiled schema: libxml2 does not copy
    // everything out of a document-based schema parser context.
    this.schemaDocs.push(xsd);
    const v = XsdValidator.fromDoc(xsd);
    this.compiled.set(syntax, v);
    return v;
  }

  /** Schema errors of the document; [] when valid. */
  validate(doc: XmlDocument, syntax: SchemaEntry): SchemaError[] | null {
    const v = this.validator(syntax);
    if (!v) return null;
    try {
      v.validate(doc);
      return [];
    } catch (err) {
      if (err instanceof XmlValidateError) {
        return err.details.map((d) => ({ message: d.message.trim(), line: d.line ?? 0 }));
      }
      return [{ message: err instanceof Error ? err.message : String(err), line: 0 }];
    }
  }
}
