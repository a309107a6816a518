import { isAbsolute, join, normalize, relative, resolve, sep } from 'node:path';
import { DomainError } from '../../../common/errors/domain-error.js';
import { RecordsExportErrors } from './records-export.errors.js';

/**
 * Where a tenant's filed Vorgänge go (`record_export_targets`), and the check of what an
 * admin PUTs. Pure: no database, no file system.
 *
 * - `xdomea-dir`: the 0605 container is written into `transferDir`, the DMS answers with
 *   0630 messages in `returnDir`. Both are folders below the installation's
 *   RECORDS_EXPORT_DIR, inside the tenant's own folder `<RECORDS_EXPORT_DIR>/<tenant id>/`,
 *   so no tenant can reach another's files or anything else on the server.
 * - `xdomea-http`: the container is POSTed to `url` (application/zip); the 0630 comes
 *   back in the answer when the DMS answers at once, otherwise in a later message.
 * - `cmis`: CMIS 1.1 browser binding (one folder per Vorgang under `parentFolderId`).
 */
export type ExportKind = 'xdomea-dir' | 'xdomea-http' | 'cmis';
export const EXPORT_KINDS: readonly ExportKind[] = ['xdomea-dir', 'xdomea-http', 'cmis'];

export interface TargetConfig {
  /** Product name of the DMS (EmpfangendesSystem/Produktname). */
  readonly dmsProduct?: string;
  readonly transferDir?: string;
  readonly returnDir?: string;
  readonly url?: string;
  readonly endpoint?: string;
  readonly repositoryId?: string;
  readonly user?: string;
  readonly folderTypeId?: string;
  readonly documentTypeId?: string;
  readonly parentFolderId?: string;
  /** Property ids of the document type for the Aktenzeichen, the invoice number, the sha256. */
  readonly aktenzeichenProperty?: string;
  readonly invoiceNumberProperty?: string;
  readonly sha256Property?: string;
}

export interface ExportTarget {
  readonly id: string;
  readonly name: string;
  readonly kind: ExportKind;
  readonly enabled: boolean;
  readonly absender: string;
  readonly empfaenger: string;
  readonly config: TargetConfig;
  /** Whether a CMIS password is stored (it is never given out). */
  readonly hasPassword: boolean;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** One target as an admin PUTs it; `password` is write-only (kept when omitted). */
export interface TargetInput {
  readonly name: string;
  readonly kind: ExportKind;
  readonly enabled: boolean;
  readonly absender: string;
  readonly empfaenger: string;
  readonly config: TargetConfig;
  readonly password?: string;
}

const invalid = (field: string): DomainError =>
  new DomainError(RecordsExportErrors.EXPORT_TARGETS_INVALID, { field });

function str(o: Record<string, unknown>, key: string, required: boolean, max = 500): string | undefined {
  const v = o[key];
  if (v === undefined || v === null || v === '') {
    if (required) throw invalid(key);
    return undefined;
  }
  if (typeof v !== 'string' || v.length > max || /[\u0000-\u001f]/.test(v)) throw invalid(key);
  return v.trim();
}

function httpUrl(raw: string, field: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalid(field);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password) {
    throw invalid(field);
  }
  return url.href;
}

/** A folder name below the tenant's export folder: relative, without `..`. */
function relativeDir(raw: string, field: string): string {
  const n = normalize(raw).replace(/[\\/]+$/, '');
  if (!n || n === '.' || isAbsolute(raw) || n.split(/[\\/]/).some((p) => p === '..' || p === '')) {
    throw invalid(field);
  }
  return n;
}

const CMIS_ID = /^[A-Za-z0-9:_.\-]{1,200}$/;

/** Checks the body of `PUT /api/v1/admin/records/export-targets`: `{ targets: [...] }`. */
export function parseTargets(body: unknown): TargetInput[] {
  const list = (body as { targets?: unknown } | null)?.targets;
  if (!Array.isArray(list) || list.length > 20) throw invalid('targets');
  const names = new Set<string>();
  return list.map((raw, i) => {
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw invalid(`targets[${i}]`);
    const o = raw as Record<string, unknown>;
    const name = str(o, 'name', true, 100)!;
    if (names.has(name)) throw invalid(`targets[${i}].name`);
    names.add(name);
    const kind = o.kind as ExportKind;
    if (!EXPORT_KINDS.includes(kind)) throw invalid(`targets[${i}].kind`);
    if (o.enabled !== undefined && typeof o.enabled !== 'boolean') throw invalid(`targets[${i}].enabled`);
    const config: Record<string, string | undefined> = { dmsProduct: str(o, 'dmsProduct', false, 200) };
    let password: string | undefined;
    if (kind === 'xdomea-dir') {
      config.transferDir = relativeDir(str(o, 'transferDir', true)!, 'transferDir');
      config.returnDir = relativeDir(str(o, 'returnDir', true)!, 'returnDir');
    } else if (kind === 'xdomea-http') {
      config.url = httpUrl(str(o, 'url', true, 2000)!, 'url');
    } else {
      config.endpoint = httpUrl(str(o, 'endpoint', true, 2000)!, 'endpoint');
      config.repositoryId = str(o, 'repositoryId', true, 200);
      config.user = str(o, 'user', true, 200);
      config.parentFolderId = str(o, 'parentFolderId', true, 500);
      for (const key of [
        'folderTypeId',
        'documentTypeId',
        'aktenzeichenProperty',
        'invoiceNumberProperty',
        'sha256Property',
      ]) {
        const v = str(o, key, false, 200);
        if (v !== undefined && !CMIS_ID.test(v)) throw invalid(key);
        config[key] = v;
      }
      config.folderTypeId ??= 'cmis:folder';
      config.documentTypeId ??= 'cmis:document';
      if (o.password !== undefined) {
        if (typeof o.password !== 'string' || o.password.length > 1000) throw invalid('password');
        password = o.password;
      }
    }
    const clean = Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined));
    return {
      name,
      kind,
      enabled: o.enabled ?? true,
      absender: str(o, 'absender', true, 300)!,
      empfaenger: str(o, 'empfaenger', true, 300)!,
      config: clean,
      password,
    };
  });
}

/** The absolute folder of a directory target: `<root>/<tenant id>/<dir>`, never outside. */
export function targetDir(root: string, tenantId: string, dir: string): string {
  const base = resolve(root, tenantId);
  const full = resolve(join(base, dir));
  const rel = relative(base, full);
  if (!rel || rel.startsWith('..') || isAbsolute(rel) || rel.split(sep).includes('..')) {
    throw invalid('dir');
  }
  return full;
}
