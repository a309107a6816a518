/**
 * Every environment variable the application reads, declared once. `loadConfig` validates
 * against this table, `AppConfig.get()` is typed by it, and the README's configuration
 * table is generated from it (`node scripts/config-table.mjs`), so the three never drift.
 *
 * Adding a variable: append one entry (keep `as const`); give it a `default` unless it is
 * truly optional; mark secrets `sensitive: true` so they are never logged or printed.
 */
import { allowListProblem } from '../common/net/outbound-allow.js';
import { retryScheduleProblem } from '../modules/postings/delivery/retry-schedule.js';
import { DEFAULT_RELEASE, RELEASES } from '../modules/validation/scenario/scenarios.js';

export type ConfigVarType = 'string' | 'int' | 'port' | 'boolean' | 'url' | 'enum' | 'list';

export interface ConfigVarSpec {
  readonly name: string;
  readonly type: ConfigVarType;
  /** Default as it would be written in the environment; absent = unset (optional). */
  readonly default?: string;
  /** How the default reads in the documentation when it is computed, not fixed. */
  readonly defaultText?: string;
  readonly description: string;
  readonly sensitive?: boolean;
  /** `enum`: the allowed values; `list`: the values the comma-separated list may name (each once). */
  readonly values?: readonly string[];
  /** `url`: the allowed URL schemes (without the colon). */
  readonly schemes?: readonly string[];
  /** `int`: inclusive bounds. */
  readonly min?: number;
  readonly max?: number;
  /** `string`: a further check of the value; returns what is wrong with it. */
  readonly check?: (raw: string) => string | undefined;
}

export const PROCESS_ROLES = ['api', 'worker', 'all'] as const;
export type ProcessRole = (typeof PROCESS_ROLES)[number];

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const CONFIG_SCHEMA = [
  {
    name: 'PORT',
    type: 'port',
    default: '3000',
    description: 'HTTP port of the API and web UI (0 = any free port).',
  },
  {
    name: 'HOST',
    type: 'string',
    default: '0.0.0.0',
    description: 'Interface the HTTP server binds to.',
  },
  {
    name: 'PROCESS_ROLE',
    type: 'enum',
    values: PROCESS_ROLES,
    default: 'all',
    description: '`api` serves HTTP only, `worker` runs the jobs only, `all` does both.',
  },
  {
    name: 'EINVOICE_DATA_DIR',
    type: 'string',
    default: './data',
    description:
      'Directory for local state: the embedded PostgreSQL lives in `<dir>/postgres` and listens on the Unix socket `<dir>/postgres/.s.PGSQL.5432` (on a free port of 127.0.0.1 recorded in `<dir>/postgres/postmaster.pid` when that path is too long for a socket). `einvoice` commands work on the database of the data directory they are given: through the socket of a running server, or by starting the database for the command.',
  },
  {
    name: 'DATABASE_URL',
    type: 'url',
    schemes: ['postgres', 'postgresql'],
    defaultText: 'unset: embedded PostgreSQL',
    description:
      'PostgreSQL connection URL. Unset: an embedded PostgreSQL is started under the data directory.',
    sensitive: true,
  },
  {
    name: 'EMBEDDED_PG_PORT',
    type: 'port',
    defaultText: 'unset: Unix socket only',
    description:
      'The embedded PostgreSQL listens on a Unix socket in `<EINVOICE_DATA_DIR>/postgres`; set a port to also reach it on 127.0.0.1 (e.g. for `psql -h 127.0.0.1`). Used when `DATABASE_URL` is unset.',
  },
  {
    name: 'REDIS_URL',
    type: 'url',
    schemes: ['redis', 'rediss'],
    defaultText: "unset: BullMQ's PostgreSQL backend",
    description:
      "Redis connection URL for the job queues. Unset: the jobs run on BullMQ's PostgreSQL backend.",
    sensitive: true,
  },
  {
    name: 'QUEUE_PREFIX',
    type: 'string',
    default: 'einvoice',
    description: 'Prefix of the queue keys; processes that share a deployment must use the same one.',
  },
  {
    name: 'JOBS_CONCURRENCY',
    type: 'int',
    default: '4',
    min: 1,
    max: 100,
    description: 'Jobs one worker process runs at the same time.',
  },
  {
    name: 'JOBS_SWEEP_INTERVAL_SECONDS',
    type: 'int',
    default: '60',
    min: 0,
    description:
      'Seconds between recovery sweeps, which re-enqueue work the database says is pending (also run at start; 0 = only at start).',
  },
  {
    name: 'MIGRATIONS_RUN',
    type: 'boolean',
    default: 'true',
    description: 'Apply pending database migrations at start.',
  },
  {
    name: 'LOG_LEVEL',
    type: 'enum',
    values: LOG_LEVELS,
    default: 'info',
    description: 'Minimum level of the JSON log lines written to stdout.',
  },
  {
    name: 'DEMO_SEED',
    type: 'boolean',
    defaultText: 'true with the embedded database, else false',
    description:
      'On first start, create the demo tenant "Musterstadt" and its admin (password printed once).',
  },
  {
    name: 'PUBLIC_BASE_URL',
    type: 'url',
    schemes: ['http', 'https'],
    defaultText: 'http://localhost:PORT',
    description: 'External base URL (links in mails and answers; `https` also marks cookies Secure).',
  },
  {
    name: 'TRUST_PROXY',
    type: 'string',
    default: 'false',
    description:
      'Express `trust proxy` setting behind a reverse proxy: `false`, `true`, a hop count or a list of addresses.',
  },
  {
    name: 'METRICS_TOKEN',
    type: 'string',
    description: 'If set, `/metrics` requires `Authorization: Bearer <token>`; unset, it is public.',
    sensitive: true,
  },
  {
    name: 'RATE_LIMIT_PER_MINUTE',
    type: 'int',
    default: '300',
    min: 1,
    description: 'Requests per minute and client address on rate-limited (public) endpoints.',
  },
  {
    name: 'LOGIN_RATE_LIMIT_PER_MINUTE',
    type: 'int',
    default: '10',
    min: 1,
    description: 'Login attempts per minute and client address.',
  },
  {
    name: 'LOGIN_MAX_FAILURES',
    type: 'int',
    default: '5',
    min: 1,
    description: 'Failed password attempts in a row after which a staff account is locked.',
  },
  {
    name: 'LOGIN_LOCK_MINUTES',
    type: 'int',
    default: '15',
    min: 1,
    description: 'How long a staff account stays locked after too many failed attempts.',
  },
  {
    name: 'SESSION_IDLE_MINUTES',
    type: 'int',
    default: '120',
    min: 1,
    description: 'A staff session ends after this many minutes without a request (sliding expiry).',
  },
  {
    name: 'BLOB_STORE_DIR',
    type: 'string',
    defaultText: '`<EINVOICE_DATA_DIR>/blobs`',
    description:
      'Directory of the raw store (every inbound message, content-addressed and immutable). Shared by all processes of an installation.',
  },
  {
    name: 'SCHEMAS_DIR',
    type: 'string',
    defaultText: '`<EINVOICE_DATA_DIR>/schemas`',
    description:
      'Directory of the official XML schemas (UBL 2.1, CII D16B). The server fetches them there when missing; `einvoice schemas install` writes there too.',
  },
  {
    name: 'SCHEMAS_DOWNLOAD',
    type: 'boolean',
    default: 'true',
    description:
      'Fetch missing official XML schemas at start, in the background (verified against the pinned sha256). `false`: install them with `einvoice schemas install --from DIR|ZIP`.',
  },
  {
    name: 'SCHEMAS_SOURCE_URL',
    type: 'url',
    schemes: ['http', 'https'],
    defaultText: "unset: the publishers' download locations",
    description:
      'Base URL of a mirror of the official XML schemas, serving every file of `schemas/manifest.json` at `<url>/<path>` (a copy of an installed schemas directory).',
  },
  {
    name: 'UPLOAD_MAX_BYTES',
    type: 'int',
    default: '31457280',
    min: 1024,
    description:
      'Largest request body the upload API and the Peppol endpoint accept (bytes); larger ones are refused with 413.',
  },
  {
    name: 'XML_MAX_BYTES',
    type: 'int',
    default: '20971520',
    min: 1024,
    description: 'Largest invoice XML the validator parses (bytes), also inside a PDF.',
  },
  {
    name: 'VALIDATION_RELEASES',
    type: 'list',
    values: Object.keys(RELEASES),
    default: DEFAULT_RELEASE,
    description:
      'XRechnung releases whose scenarios and rules the validator applies, in order of precedence: a document runs under the first release with a scenario for its specification identifier. While receivers must accept the previous release as well as the current one, list both.',
  },
  {
    name: 'MAIL_SECRET_KEY',
    type: 'string',
    defaultText: 'generated into `<EINVOICE_DATA_DIR>/mail-secret.key` on first use',
    description:
      'Key (32 bytes, base64) that encrypts IMAP mailbox passwords at rest. Set it in production: every process needs the same key.',
    sensitive: true,
  },
  {
    name: 'SMTP_URL',
    type: 'url',
    schemes: ['smtp', 'smtps'],
    description:
      'SMTP server for answers to suppliers and notifications to staff (`smtp://user:pass@host:587`); unset: mails are logged, not sent.',
    sensitive: true,
  },
  {
    name: 'MAIL_FROM',
    type: 'string',
    default: 'Rechnungseingang <rechnungseingang@localhost>',
    description: 'Sender address of answers to suppliers and notifications to staff.',
  },
  {
    name: 'DIGEST_HOUR',
    type: 'int',
    default: '7',
    min: 0,
    max: 23,
    description:
      'Hour of the day (Europe/Berlin) from which staff who asked for it get the daily digest of their open tasks (sent once a day, with the first job sweep after that hour).',
  },
  {
    name: 'IMAP_POLL_SECONDS',
    type: 'int',
    default: '60',
    min: 1,
    description: 'How often each IMAP mailbox is checked when IDLE is not available or a connection dropped.',
  },
  {
    name: 'RECORDS_EXPORT_DIR',
    type: 'string',
    defaultText: 'unset: no xdomea directory targets',
    description:
      "Directory under which the transfer and return directories of tenants' xdomea directory export targets must lie (each target names folders below it); unset: admins cannot configure directory targets.",
  },
  {
    name: 'OUTBOUND_ALLOW',
    type: 'string',
    check: allowListProblem,
    defaultText: 'unset: only public Internet addresses',
    description:
      'Targets in the own network that tenant-configured connections (IMAP mailboxes, Peppol callbacks) may reach; everything loopback, private, link-local, unique-local or reserved is refused otherwise. Comma-separated addresses, CIDR blocks or host names, each optionally with `:port` (IPv6 in brackets then): `10.20.0.0/16, 192.168.5.10:993, [fd00::25]:993, imap.intern.example`.',
  },
  {
    name: 'POSTINGS_WEBHOOK_TIMEOUT_MS',
    type: 'int',
    default: '15000',
    min: 100,
    max: 120000,
    description:
      'How long one webhook POST of a posting may take (connect to last byte) before it counts as failed.',
  },
  {
    name: 'POSTINGS_WEBHOOK_RETRY_SECONDS',
    type: 'string',
    default: '5,300,1800,7200,18000,36000',
    check: retryScheduleProblem,
    description:
      'Waits between webhook attempts of a posting, in seconds (comma-separated; the last repeats), each with ±20 % jitter. Decimals allowed.',
  },
  {
    name: 'POSTINGS_WEBHOOK_GIVE_UP_SECONDS',
    type: 'int',
    default: '259200',
    min: 1,
    description:
      'A webhook delivery still failing this long after its first attempt is marked `failed` (default 3 days); an admin can retry it.',
  },
  {
    name: 'POSTINGS_WEBHOOK_POLL_MS',
    type: 'int',
    default: '2000',
    min: 50,
    description: 'How often a worker looks for webhook deliveries that are due (new postings, retries).',
  },
  {
    name: 'POSTINGS_UNACKED_ALERT_HOURS',
    type: 'int',
    default: '24',
    min: 1,
    max: 8760,
    description:
      'Hours after which a posting the finance system has not acknowledged is listed for admins (`GET /api/v1/admin/postings?state=unacknowledged`, `/admin/postings`).',
  },
] as const satisfies readonly ConfigVarSpec[];

export type ConfigVarName = (typeof CONFIG_SCHEMA)[number]['name'];
