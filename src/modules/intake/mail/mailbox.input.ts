import { DomainError } from '../../../common/errors/domain-error.js';
import { IntakeErrors } from '../intake.errors.js';

/** A mailbox as an admin describes it (the password in plain text, on its way to be sealed). */
export interface MailboxInput {
  readonly name: string;
  readonly host: string;
  readonly port: number;
  readonly secure: boolean;
  readonly username: string;
  readonly password: string;
  readonly folder: string;
  readonly processedFolder: string;
  readonly rejectedFolder: string;
}

const invalid = (field: string) => new DomainError(IntakeErrors.MAILBOX_INVALID, { field });

/** Host names and address literals (`[v6]` too); no scheme, path, user or white space. */
const HOST = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9._:-]+)$/;

function text(b: Record<string, unknown>, key: string, fallback?: string): string {
  const v = b[key] ?? fallback;
  if (typeof v !== 'string' || v.trim() === '' || v.length > 500) throw invalid(key);
  return v.trim();
}

function host(b: Record<string, unknown>): string {
  const h = text(b, 'host');
  if (h.length > 253 || !HOST.test(h)) throw invalid('host');
  return h;
}

function port(b: Record<string, unknown>, fallback: number): number {
  const p = Number(b.port ?? fallback);
  if (!Number.isInteger(p) || p < 1 || p > 65535) throw invalid('port');
  return p;
}

function flag(b: Record<string, unknown>, key: string): boolean | undefined {
  const v = b[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'boolean') throw invalid(key);
  return v;
}

const bodyOf = (body: unknown): Record<string, unknown> =>
  body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};

export function parseMailboxCreate(body: unknown): MailboxInput {
  const b = bodyOf(body);
  const p = port(b, 993);
  return {
    name: text(b, 'name'),
    host: host(b),
    port: p,
    secure: flag(b, 'secure') ?? p === 993,
    username: text(b, 'username'),
    password: text(b, 'password'),
    folder: text(b, 'folder', 'INBOX'),
    processedFolder: text(b, 'processedFolder', 'Processed'),
    rejectedFolder: text(b, 'rejectedFolder', 'Rejected'),
  };
}

/** A partial change: only the fields given; unknown fields are refused, not ignored. */
export function parseMailboxUpdate(body: unknown): Partial<MailboxInput> & { enabled?: boolean } {
  const b = bodyOf(body);
  const known = new Set([
    'name',
    'host',
    'port',
    'secure',
    'username',
    'password',
    'folder',
    'processedFolder',
    'rejectedFolder',
    'enabled',
  ]);
  for (const k of Object.keys(b)) if (!known.has(k)) throw invalid(k);
  const has = (k: string) => b[k] !== undefined;
  return {
    ...(has('name') && { name: text(b, 'name') }),
    ...(has('host') && { host: host(b) }),
    ...(has('port') && { port: port(b, 993) }),
    ...(has('secure') && { secure: flag(b, 'secure') }),
    ...(has('username') && { username: text(b, 'username') }),
    ...(has('password') && { password: text(b, 'password') }),
    ...(has('folder') && { folder: text(b, 'folder') }),
    ...(has('processedFolder') && { processedFolder: text(b, 'processedFolder') }),
    ...(has('rejectedFolder') && { rejectedFolder: text(b, 'rejectedFolder') }),
    ...(has('enabled') && { enabled: flag(b, 'enabled') }),
  };
}
