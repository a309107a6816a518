import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { installSchemas, type InstallReport } from './schema-installer.js';
import { loadManifest, schemasFolder, type SchemaManifest } from './schema-manifest.js';

/**
 * Fetches the official schemas over HTTP and installs them (verified against the pinned
 * sha256, placed atomically: see installSchemas).
 *
 * Two kinds of source:
 * - the publishers (default): the archive named in a file's `origin` (OASIS's
 *   UBL-2.1.zip, whose `xsdrt/` folder holds the runtime schemas), or, for a file without
 *   one, its `repository` at the pinned `commit` and `repoPath` (the CII D16B files of
 *   CEN's EN 16931 validation artefacts);
 * - a mirror: a base URL that serves a copy of an installed schemas folder, i.e. every
 *   file of the manifest at `<base>/<path>` (`<base>/ubl-2.1/maindoc/UBL-Invoice-2.1.xsd`,
 *   `<base>/cii-d16b/CrossIndustryInvoice_100pD16B.xsd`, …; licence texts optional).
 *
 * Bounded: every response is cut off past `maxBytes`, and the whole download past
 * `timeoutMs`. Nothing reaches the target unless every file verified.
 */
export interface DownloadOptions {
  /** Install folder. */
  readonly target: string;
  /** Base URL of a mirror; unset: the publishers. */
  readonly sourceUrl?: string;
  /** Folder of manifest.json (default: the repository's schemas/). */
  readonly folder?: string;
  /** Largest response taken, per file (default 256 MiB; UBL-2.1.zip is far smaller). */
  readonly maxBytes?: number;
  /** Time for the whole download (default 10 minutes). */
  readonly timeoutMs?: number;
  /** Stops the download (the process shuts down). */
  readonly signal?: AbortSignal;
  /** Progress lines (what is fetched from where). */
  readonly log?: (line: string) => void;
}

export interface DownloadReport extends InstallReport {
  /** The URLs fetched. */
  readonly fetched: string[];
}

/** One thing to fetch: an archive to search, or one file for its manifest path. */
export type DownloadItem =
  | { readonly kind: 'archive'; readonly url: string; readonly required: true }
  | { readonly kind: 'file'; readonly url: string; readonly path: string; readonly required: boolean };

const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 10 * 60 * 1000;

interface ManifestSource {
  readonly path: string;
  readonly origin?: string;
  readonly repository?: string;
  readonly commit?: string;
  readonly repoPath?: string;
}

/** What to fetch for this manifest from the publishers, or from a mirror at `sourceUrl`. */
export function downloadPlan(manifest: SchemaManifest, sourceUrl?: string): DownloadItem[] {
  if (sourceUrl) {
    const base = sourceUrl.endsWith('/') ? sourceUrl : `${sourceUrl}/`;
    const file = (path: string, required: boolean): DownloadItem => ({
      kind: 'file',
      url: new URL(path.split('/').map(encodeURIComponent).join('/'), base).href,
      path,
      required,
    });
    return [
      ...manifest.files.map((f) => file(f.path, true)),
      ...manifest.licenceFiles.map((f) => file(f.path, false)),
    ];
  }
  const items: DownloadItem[] = [];
  const archives = new Set<string>();
  for (const f of manifest.files as readonly ManifestSource[]) {
    const archive = /\bhttps?:\/\/\S+?\.zip\b/.exec(f.origin ?? '')?.[0];
    if (archive) {
      if (!archives.has(archive)) items.push({ kind: 'archive', url: archive, required: true });
      archives.add(archive);
      continue;
    }
    const url = repositoryUrl(f);
    if (!url)
      throw new Error(`${f.path}: the manifest names no download location (origin archive or repository)`);
    items.push({ kind: 'file', url, path: f.path, required: true });
  }
  // Licence texts whose publisher the manifest names come along; the others are not
  // published beside the schemas (see installSchemas).
  for (const f of manifest.licenceFiles as readonly ManifestSource[]) {
    const url = repositoryUrl(f);
    if (url) items.push({ kind: 'file', url, path: f.path, required: false });
  }
  return items;
}

/** A file's raw download URL in its GitHub repository at the pinned commit, when the manifest names them. */
function repositoryUrl(f: ManifestSource): string | null {
  const repo = /^https:\/\/github\.com\/([^/]+\/[^/]+?)\/?$/.exec(f.repository ?? '')?.[1];
  if (!repo || !f.commit || !/^[0-9a-f]{40}$/.test(f.commit) || !f.repoPath) return null;
  return `https://raw.githubusercontent.com/${repo}/${f.commit}/${f.repoPath.split('/').map(encodeURIComponent).join('/')}`;
}

/** Downloads and installs; the report's `problems` say why nothing was installed. */
export async function downloadSchemas(options: DownloadOptions): Promise<DownloadReport> {
  const folder = options.folder ?? schemasFolder();
  const manifest = loadManifest(folder);
  const plan = downloadPlan(manifest, options.sourceUrl);
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const deadline = AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const signal = options.signal ? AbortSignal.any([deadline, options.signal]) : deadline;
  const log = options.log ?? (() => undefined);
  // The downloads wait beside the target (same file system), never in it.
  const staging = join(
    dirname(options.target),
    `.${basename(options.target)}.download-${process.pid}-${randomBytes(4).toString('hex')}`,
  );
  const fetched: string[] = [];
  const problems: string[] = [];
  const sources = [join(staging, 'files')];
  mkdirSync(sources[0], { recursive: true });
  try {
    let n = 0;
    for (const item of plan) {
      log(`fetching ${item.url}`);
      let bytes: Buffer;
      try {
        bytes = await fetchBounded(item.url, maxBytes, signal);
      } catch (err) {
        const why = err instanceof Error ? err.message : String(err);
        if (!item.required) continue;
        problems.push(`${item.url}: ${why}`);
        break;
      }
      fetched.push(item.url);
      const dest =
        item.kind === 'archive' ? join(staging, 'archives', `${n++}.zip`) : join(sources[0], item.path);
      mkdirSync(dirname(dest), { recursive: true });
      writeFileSync(dest, bytes);
      if (item.kind === 'archive') sources.push(dest);
    }
    if (problems.length > 0)
      return { installed: [], problems, missingLicences: [], target: options.target, fetched };
    let report: InstallReport;
    try {
      report = installSchemas(sources, { folder, target: options.target });
    } catch (err) {
      // a damaged archive, for instance
      const why = err instanceof Error ? err.message : String(err);
      return { installed: [], problems: [why], missingLicences: [], target: options.target, fetched };
    }
    return { ...report, fetched };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** GET with a size cap (declared and actual) under the download's deadline. */
async function fetchBounded(url: string, maxBytes: number, signal: AbortSignal): Promise<Buffer> {
  let res: Response;
  try {
    res = await fetch(url, { signal, redirect: 'follow' });
  } catch (err) {
    if (signal.aborted) throw new Error(abortReason(signal));
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    throw new Error(cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err)));
  }
  if (!res.ok || !res.body) {
    await res.body?.cancel().catch(() => undefined);
    throw new Error(`HTTP ${res.status}`);
  }
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) {
    await res.body.cancel().catch(() => undefined);
    throw new Error(`${declared} bytes announced, more than the limit of ${maxBytes}`);
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = res.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw new Error(`more than the limit of ${maxBytes} bytes`);
      }
      chunks.push(value);
    }
  } catch (err) {
    if (signal.aborted) throw new Error(abortReason(signal));
    throw err;
  }
  return Buffer.concat(chunks);
}

function abortReason(signal: AbortSignal): string {
  const reason = signal.reason as { name?: string } | undefined;
  return reason?.name === 'TimeoutError' ? 'download time exceeded' : 'download stopped';
}
