import {
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnModuleInit,
} from '@nestjs/common';
import { existsSync } from 'node:fs';
import { AppConfig } from '../../../config/app-config.js';
import { HealthRegistry } from '../../health/health.registry.js';
import { InvoiceRepository } from '../../invoices/invoice.repository.js';
import { JobName, JobQueue } from '../../jobs/index.js';
import { downloadSchemas } from '../../validation/xsd/schema-download.js';
import { installSchemas } from '../../validation/xsd/schema-installer.js';
import {
  legacyInstallDir,
  verifyInstalled,
  type VerifyReport,
} from '../../validation/xsd/schema-manifest.js';

/** How often a process without schemas looks whether someone installed them. */
const POLL_MS = 2000;
/** How many waiting invoices one re-enqueue takes (the recovery sweep takes the rest). */
const REENQUEUE_BATCH = 1000;

type DownloadState =
  | { readonly kind: 'off' }
  | { readonly kind: 'running'; readonly from: string }
  | { readonly kind: 'failed'; readonly from: string; readonly why: string };

/**
 * Whether the official XML schemas are installed in this installation's schemas directory,
 * and what happens while they are not:
 * - at start, a missing installation is fetched in the background (never holding up the
 *   HTTP server), from the publishers or the mirror SCHEMAS_SOURCE_URL, verified against the
 *   pinned hashes; an installation of an older release (schemas/installed of the checkout)
 *   is taken over first;
 * - the start-up log says what to do; `/health/ready` reports `schemas` down, with why;
 * - invoices that arrive meanwhile wait in `awaiting_schemas` (see InvoicePipeline);
 * - the directory is looked at every few seconds, so schemas installed by the download or
 *   by `einvoice schemas install` against the same directory are noticed without a
 *   restart, and the waiting invoices are enqueued again (the database says which; the
 *   recovery sweep does the same for any the enqueue missed).
 */
@Injectable()
export class SchemaAvailability implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log = new Logger('Schemas');
  private report: VerifyReport | undefined;
  private download: DownloadState = { kind: 'off' };
  private timer: NodeJS.Timeout | undefined;
  private readonly abort = new AbortController();
  private downloading: Promise<void> | undefined;

  constructor(
    private readonly config: AppConfig,
    private readonly health: HealthRegistry,
    private readonly invoices: InvoiceRepository,
    private readonly jobs: JobQueue,
  ) {}

  get dir(): string {
    return this.config.schemasDir;
  }

  /** Whether the schemas are installed and verified. Once they are, that is kept. */
  installed(): boolean {
    if (!this.report?.ok) this.report = verifyInstalled(this.dir);
    return this.report.ok;
  }

  onModuleInit(): void {
    this.health.register('schemas', async () => {
      if (this.installed()) return;
      throw new Error(await this.notReadyReason());
    });
  }

  onApplicationBootstrap(): void {
    if (this.installed()) return;
    this.adoptLegacyInstallation();
    if (this.installed()) return;
    this.log.warn(this.whatToDo());
    if (this.config.get('SCHEMAS_DOWNLOAD')) this.downloading = this.fetch();
    this.timer = setInterval(() => void this.poll(), POLL_MS);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    this.abort.abort();
    await this.downloading;
  }

  /** Why `/health/ready` says not ready: what is missing, what is being done, what to do. */
  async notReadyReason(): Promise<string> {
    const waiting = await this.invoices.countAwaitingSchemasAcrossTenants().catch(() => undefined);
    const d = this.download;
    const state =
      d.kind === 'running'
        ? `downloading from ${d.from}`
        : d.kind === 'failed'
          ? `download from ${d.from} failed: ${d.why}`
          : 'automatic download off (SCHEMAS_DOWNLOAD=false)';
    return (
      `official XML schemas not installed in ${this.dir} (${state}); ` +
      (waiting === undefined ? '' : `${waiting} invoice(s) waiting in awaiting_schemas; `) +
      'install them with `einvoice schemas install` or, offline, `einvoice schemas install --from DIR|ZIP`'
    );
  }

  private whatToDo(): string {
    return (
      `The official XML schemas (UBL 2.1, CII D16B) are not installed in ${this.dir}: invoices are ` +
      'received but wait in awaiting_schemas, and /health/ready reports not ready, until they are. ' +
      (this.config.get('SCHEMAS_DOWNLOAD')
        ? `Fetching them now from ${this.source()}. `
        : 'Automatic download is off (SCHEMAS_DOWNLOAD=false). ') +
      `Offline: run \`einvoice schemas install --from DIR|ZIP\` with EINVOICE_DATA_DIR=${this.config.dataDir}` +
      `${this.config.get('SCHEMAS_DIR') ? ` and SCHEMAS_DIR=${this.dir}` : ''}; no restart is needed.`
    );
  }

  private source(): string {
    return this.config.get('SCHEMAS_SOURCE_URL') ?? "the publishers' download locations";
  }

  /** Schemas an older release installed into the checkout are taken over (verified again). */
  private adoptLegacyInstallation(): void {
    // Only for the default location: a directory named on purpose is left as it is.
    if (this.config.get('SCHEMAS_DIR')) return;
    let legacy: string;
    try {
      legacy = legacyInstallDir();
    } catch {
      return;
    }
    if (!existsSync(legacy) || !verifyInstalled(legacy).ok) return;
    const r = installSchemas(legacy, { target: this.dir });
    if (r.problems.length === 0)
      this.log.log(`took over the official XML schemas of ${legacy} into ${this.dir}`);
  }

  private async fetch(): Promise<void> {
    const from = this.source();
    this.download = { kind: 'running', from };
    try {
      const r = await downloadSchemas({
        target: this.dir,
        sourceUrl: this.config.get('SCHEMAS_SOURCE_URL'),
        signal: this.abort.signal,
        log: (line) => this.log.log(line),
      });
      if (r.problems.length > 0) {
        this.download = { kind: 'failed', from, why: r.problems.join('; ') };
        this.log.error(
          `could not fetch the official XML schemas from ${from}: ${r.problems.join('; ')}. ` +
            'Invoices wait in awaiting_schemas until `einvoice schemas install --from DIR|ZIP` is run.',
        );
        return;
      }
      this.download = { kind: 'off' };
      this.log.log(`fetched and verified ${r.installed.length} official schema files into ${r.target}`);
      await this.poll();
    } catch (err) {
      this.download = { kind: 'failed', from, why: err instanceof Error ? err.message : String(err) };
      this.log.error(`could not fetch the official XML schemas from ${from}: ${this.download.why}`);
    }
  }

  /** Once the schemas are there: stop looking, and send the waiting invoices on. */
  private async poll(): Promise<void> {
    if (!this.timer || !this.installed()) return;
    clearInterval(this.timer);
    this.timer = undefined;
    this.log.log(`official XML schemas installed and verified in ${this.dir}; waiting invoices continue`);
    try {
      await this.enqueueWaiting();
    } catch (err) {
      // the recovery sweep enqueues them instead
      this.log.warn(
        `re-enqueueing the waiting invoices failed: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }

  /** Enqueues the invoices the database says wait for the schemas. */
  async enqueueWaiting(): Promise<number> {
    const waiting = await this.invoices.listAwaitingSchemasAcrossTenants(REENQUEUE_BATCH);
    for (const w of waiting) {
      await this.jobs.enqueue(JobName.InvoiceProcess, { tenantId: w.tenantId, invoiceId: w.invoiceId });
    }
    return waiting.length;
  }
}
