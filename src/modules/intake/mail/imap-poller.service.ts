import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { ImapFlow } from 'imapflow';
import { isOutboundForbidden, OutboundGuard } from '../../../common/net/outbound-guard.js';
import { AppConfig } from '../../../config/app-config.js';
import type { MailboxConnectionError } from './mail.errors.js';
import { MailIntakeService } from './mail-intake.service.js';
import { MailboxRepository, type Mailbox } from './mailbox.repository.js';
import { MailSecrets } from './mail-secrets.js';

/** How many mails are fetched into memory before they are taken in and moved. */
const BATCH = 20;

/**
 * Watches every enabled IMAP mailbox (in `worker` and `all` processes): IDLE where the
 * server supports it, a poll every IMAP_POLL_SECONDS as fallback, reconnect with backoff.
 *
 * The order per mail is the guarantee: fetch → store raw and commit (MailIntakeService) →
 * move to Processed / Rejected → record the UID. A crash before the move leaves the mail in
 * the folder; it is fetched again and recognised by its Message-ID (nothing doubled). A
 * changed UIDVALIDITY resets the bookkeeping instead of skipping mail (nothing lost).
 *
 * Every connection goes through the `OutboundGuard` (the host is a tenant admin's input).
 * What goes wrong is recorded as a stable code (`MailboxConnectionError`), never as the
 * server's own words; the operator's log has the details.
 */
@Injectable()
export class ImapPoller implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('ImapPoller');
  private readonly running = new Map<string, Watcher>();
  private stopping = false;
  private refreshTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly mailboxes: MailboxRepository,
    private readonly mailIntake: MailIntakeService,
    private readonly secrets: MailSecrets,
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly guard: OutboundGuard,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.runsWorkers) return;
    void this.refresh();
    // New or disabled mailboxes are picked up without a restart.
    this.refreshTimer = setInterval(() => void this.refresh(), 30_000);
    this.refreshTimer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.refreshTimer) clearInterval(this.refreshTimer);
    for (const r of this.running.values()) r.stop();
    await Promise.allSettled([...this.running.values()].map((r) => r.done));
  }

  /**
   * Makes the watchers match the database: starts one for each enabled mailbox that has
   * none, stops those of mailboxes that were disabled or removed, and restarts those whose
   * settings changed. Runs every 30 s and right after an admin's change in this process.
   */
  async refresh(): Promise<void> {
    if (this.stopping) return;
    let list: Mailbox[];
    try {
      list = await this.mailboxes.listEnabledAcrossTenants();
    } catch (err) {
      this.log.warn(`cannot list mailboxes: ${String(err)}`);
      return;
    }
    const wanted = new Map(list.map((mb) => [mb.id, mb]));
    const stopping: Promise<void>[] = [];
    for (const [id, w] of this.running) {
      const mb = wanted.get(id);
      if (!mb || mb.updatedAt.getTime() !== w.version) {
        w.stop();
        stopping.push(w.done);
      }
    }
    await Promise.allSettled(stopping);
    if (this.stopping) return;
    for (const mb of list) {
      if (this.running.has(mb.id)) continue;
      let stopped = false;
      let wake: () => void = () => undefined;
      const stop = () => {
        stopped = true;
        wake();
      };
      const watcher: Watcher = {
        version: mb.updatedAt.getTime(),
        stop,
        done: this.watch(
          mb,
          () => stopped,
          (fn) => (wake = fn),
        ).finally(() => {
          // A watcher started after this one was stopped must stay registered.
          if (this.running.get(mb.id) === watcher) this.running.delete(mb.id);
        }),
      };
      this.running.set(mb.id, watcher);
    }
  }

  /** An admin changed a mailbox: this process's watchers follow now, not at the next refresh. */
  changed(): void {
    if (this.config.runsWorkers) void this.refresh();
  }

  /** The ids of the mailboxes watched right now (for the health view and the tests). */
  watching(): string[] {
    return [...this.running.keys()];
  }

  private async watch(
    initial: Mailbox,
    stopped: () => boolean,
    onWake: (fn: () => void) => void,
  ): Promise<void> {
    let backoff = 1000;
    while (!stopped()) {
      let mb: Mailbox | undefined;
      try {
        mb = await this.mailboxes.get(initial.tenantId, initial.id);
      } catch {
        // The database is briefly away: go on with what we know.
        mb = initial;
      }
      // Removed, disabled or changed since this watcher started: `refresh` takes over.
      if (!mb?.enabled || mb.updatedAt.getTime() !== initial.updatedAt.getTime()) return;
      let client: ImapFlow | undefined;
      let phase: 'connect' | 'session' = 'connect';
      try {
        client = new ImapFlow({
          host: mb.host,
          port: mb.port,
          secure: mb.secure,
          auth: { user: mb.username, pass: this.secrets.open(mb.passwordEncrypted) },
          logger: false,
          // The guard's lookup checks every address the name resolves to at connect time.
          tls: { rejectUnauthorized: true, ...this.guard.connectOptions(mb.host, mb.port) },
        });
        const name = mb.name;
        client.on('error', (err: Error) => this.log.warn(`mailbox ${name}: ${err.message}`));
        await client.connect();
        phase = 'session';
        await this.ensureFolders(client, mb);
        backoff = 1000;
        while (!stopped() && client.usable) {
          await this.drain(client, mb);
          await this.waitForMail(client, onWake);
        }
      } catch (err) {
        const code = connectionErrorCode(err, phase);
        const message = err instanceof Error ? err.message : String(err);
        this.log.warn(
          `mailbox ${mb.id} (${mb.host}:${mb.port}): ${code}: ${message}; retrying in ${backoff} ms`,
        );
        await this.mailboxes.recordPoll(mb.tenantId, mb.id, code).catch(() => undefined);
      } finally {
        const c = client;
        if (c) await c.logout().catch(() => c.close());
      }
      if (stopped()) return;
      await sleep(backoff, onWake);
      backoff = Math.min(backoff * 2, 60_000);
    }
  }

  private async ensureFolders(client: ImapFlow, mb: Mailbox): Promise<void> {
    const existing = new Set((await client.list()).map((f) => f.path));
    for (const folder of [mb.processedFolder, mb.rejectedFolder]) {
      if (!existing.has(folder)) await client.mailboxCreate(folder);
    }
  }

  /** Takes in every mail newer than the recorded UID, oldest first. */
  async drain(client: ImapFlow, initial: Mailbox): Promise<void> {
    let mb = initial;
    for (;;) {
      const lock = await client.getMailboxLock(mb.folder);
      try {
        const box = client.mailbox;
        if (!box) return;
        const uidValidity = String(box.uidValidity);
        // A new UIDVALIDITY invalidates every UID we recorded: start over; Message-IDs prevent doubles.
        const lastUid = mb.uidValidity === uidValidity ? mb.lastUid : 0;
        if (mb.uidValidity !== uidValidity) await this.mailboxes.advance(mb.tenantId, mb.id, uidValidity, 0);
        const batch: Array<{ uid: number; source: Buffer }> = [];
        for await (const msg of client.fetch(
          `${lastUid + 1}:*`,
          { uid: true, source: true },
          { uid: true },
        )) {
          // `n:*` always returns the newest mail, even when its UID is below n.
          if (msg.uid > lastUid && msg.source) batch.push({ uid: msg.uid, source: msg.source });
          if (batch.length >= BATCH) break;
        }
        if (batch.length === 0) {
          await this.mailboxes.recordPoll(mb.tenantId, mb.id, null);
          return;
        }
        batch.sort((a, b) => a.uid - b.uid);
        for (const m of batch) {
          const disposition = await this.mailIntake.process(mb, m.source);
          await client.messageMove(
            String(m.uid),
            disposition === 'rejected' ? mb.rejectedFolder : mb.processedFolder,
            {
              uid: true,
            },
          );
          await this.mailboxes.advance(mb.tenantId, mb.id, uidValidity, m.uid);
          mb = { ...mb, uidValidity, lastUid: m.uid };
        }
      } finally {
        lock.release();
      }
    }
  }

  /** IDLE until the server reports new mail, or the poll interval passes. */
  private async waitForMail(client: ImapFlow, onWake: (fn: () => void) => void): Promise<void> {
    const seconds = this.config.get('IMAP_POLL_SECONDS');
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        client.off('exists', done);
        client.off('close', done);
        resolve();
      };
      const timer = setTimeout(done, seconds * 1000);
      client.on('exists', done);
      client.on('close', done);
      // The folder stays selected after the lock is released, and imapflow enters IDLE on its
      // own while no command runs, so the server's EXISTS arrives as the 'exists' event.
      onWake(done);
    });
  }
}

interface Watcher {
  /** `updatedAt` of the settings the watcher runs with. */
  readonly version: number;
  readonly stop: () => void;
  readonly done: Promise<void>;
}

const TLS_ERROR = /^(ERR_TLS|ERR_SSL|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|HOSTNAME_MISMATCH)/;

/** The stable code for what went wrong, from the error's kind, never its text. */
export function connectionErrorCode(err: unknown, phase: 'connect' | 'session'): MailboxConnectionError {
  if (isOutboundForbidden(err)) return 'OUTBOUND_ADDRESS_FORBIDDEN';
  const e = (typeof err === 'object' && err !== null ? err : {}) as {
    authenticationFailed?: unknown;
    code?: unknown;
  };
  if (e.authenticationFailed === true) return 'MAILBOX_AUTH_FAILED';
  if (typeof e.code === 'string' && TLS_ERROR.test(e.code)) return 'MAILBOX_TLS_FAILED';
  return phase === 'connect' ? 'MAILBOX_CONNECT_FAILED' : 'MAILBOX_SYNC_FAILED';
}

function sleep(ms: number, onWake: (fn: () => void) => void): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    onWake(() => {
      clearTimeout(t);
      resolve();
    });
  });
}
