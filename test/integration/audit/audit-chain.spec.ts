import { randomUUID } from 'node:crypto';
import { GENESIS_HASH } from '../../../src/modules/audit/audit-hash.js';
import { AuditRepository } from '../../../src/modules/audit/audit.repository.js';
import { AuditService } from '../../../src/modules/audit/audit.service.js';
import { withTenant } from '../../../src/database/tenant-transaction.js';
import * as auditCommand from '../../../src/modules/audit/cli/audit.command.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { runCli } from '../auth/run-cli.js';

/** Time limit for hooks and tests that boot the app or hash passwords (a limit, never an assertion). */
const SLOW = 120_000;

describe('audit log (hash chain)', () => {
  let db: TestDatabase;
  let audit: AuditService;
  const tenantId = randomUUID();

  beforeAll(async () => {
    db = await createTestDatabase();
    audit = new AuditService(new AuditRepository(db.dataSource));
    await db.dataSource.query(`INSERT INTO tenants (id, name, slug, kind) VALUES ($1, 'A', 'a', 'company')`, [
      tenantId,
    ]);
  }, SLOW);
  afterAll(async () => {
    await db?.drop();
  }, SLOW);

  it(
    'verifies an empty chain',
    async () => {
      await expect(audit.verify()).resolves.toEqual({ ok: true, checked: 0 });
    },
    SLOW,
  );

  it(
    'chains recorded entries on flush and verifies them',
    async () => {
      await audit.record({
        tenantId: null,
        actor: 'system',
        action: 'test.one',
        data: { n: 1 },
      });
      const second = await audit.record({
        tenantId,
        actor: 'user:x',
        action: 'test.two',
        subject: 'thing:1',
        data: { nested: { b: [1, 2], a: 'ä' }, when: new Date('2026-01-01T00:00:00Z') },
      });
      // Written with the transaction, not yet linked: no chainer has run in this test.
      expect(await countOf('audit_pending')).toBe(2);
      expect(await countOf('audit_log')).toBe(0);
      expect(second).toMatchObject({
        tenantId,
        action: 'test.two',
        data: { when: '2026-01-01T00:00:00.000Z' },
      });

      await audit.flush();
      expect(await countOf('audit_pending')).toBe(0);
      const [first, next] = await new AuditRepository(db.dataSource).chainBatch('0', 10);
      expect(first).toMatchObject({ seq: '1', action: 'test.one', prevHash: GENESIS_HASH });
      expect(next).toMatchObject({ seq: '2', action: 'test.two', prevHash: first.hash, tenantId });
      expect(next.at).toEqual(second.at);
      await expect(audit.verify()).resolves.toEqual({ ok: true, checked: 2 });
    },
    SLOW,
  );

  it(
    'serialises concurrent appenders into one unbroken chain',
    async () => {
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          audit.record({ tenantId, actor: 'system', action: 'test.parallel', data: { i } }),
        ),
      );
      await expect(audit.verify()).resolves.toMatchObject({ ok: true, checked: 22 });
    },
    SLOW,
  );

  it(
    'rolls back an entry with the tenant transaction it joined',
    async () => {
      await expect(
        withTenant(db.dataSource, tenantId, async () => {
          await audit.record({ tenantId, actor: 'system', action: 'test.rolled-back' });
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      await audit.flush();
      const [{ count }] = await db.dataSource.query(
        `SELECT count(*)::int AS count FROM audit_log WHERE action = 'test.rolled-back'`,
      );
      expect(count).toBe(0);
      expect(await countOf('audit_pending')).toBe(0);
      await expect(audit.verify()).resolves.toMatchObject({ ok: true, checked: 22 });
    },
    SLOW,
  );

  it(
    'chains an entry only once its transaction has committed, even when flushed from inside it',
    async () => {
      const chained = async (): Promise<number> => {
        const [{ n }] = await db.dataSource.query(
          `SELECT count(*)::int AS n FROM audit_log WHERE action = 'test.in-flight'`,
        );
        return n as number;
      };
      await withTenant(db.dataSource, tenantId, async () => {
        await audit.record({ tenantId, actor: 'system', action: 'test.in-flight' });
        await audit.flush();
        expect(await chained()).toBe(0);
      });
      expect(await chained()).toBe(0);
      await audit.flush();
      expect(await chained()).toBe(1);
      await expect(audit.verify()).resolves.toEqual({ ok: true, checked: 23 });
    },
    SLOW,
  );

  it(
    'links entries of concurrent writers with several chainers (processes) at once into one chain',
    async () => {
      // Each service wired by hand has a chainer of its own, as each process has.
      const services = [0, 1, 2].map(() => new AuditService(new AuditRepository(db.dataSource)));
      await Promise.all(
        Array.from({ length: 30 }, async (_, i) => {
          const svc = services[i % services.length];
          await withTenant(db.dataSource, tenantId, () =>
            svc.record({ tenantId, actor: 'system', action: 'test.concurrent', data: { i } }),
          );
          await svc.flush();
        }),
      );
      await Promise.all(services.map((svc) => svc.flush()));
      expect(await countOf('audit_pending')).toBe(0);
      const chain = await new AuditRepository(db.dataSource).chainBatch('0', 1000);
      expect(chain.map((e) => e.seq)).toEqual(chain.map((_, i) => String(i + 1)));
      expect(chain.filter((e) => e.action === 'test.concurrent').map((e) => e.data['i'])).toEqual(
        expect.arrayContaining(Array.from({ length: 30 }, (_, i) => i)),
      );
      await expect(audit.verify()).resolves.toEqual({ ok: true, checked: 53 });
    },
    SLOW,
  );

  it(
    'lets the app role only add and read pending entries, and no one change them',
    async () => {
      await withTenant(db.dataSource, tenantId, async (m) => {
        await expect(m.query(`UPDATE audit_pending SET actor = 'x'`)).rejects.toThrow(/permission denied/);
      });
      await withTenant(db.dataSource, tenantId, async (m) => {
        await expect(m.query(`DELETE FROM audit_pending`)).rejects.toThrow(/permission denied/);
      });
      await audit.record({ tenantId, actor: 'system', action: 'test.guarded' });
      await audit.record({ tenantId: null, actor: 'system', action: 'test.guarded.global' });
      const seen = await withTenant(db.dataSource, tenantId, (m) =>
        m.query<{ tenant_id: string | null }[]>(`SELECT tenant_id FROM audit_pending`),
      );
      expect(seen).toEqual([{ tenant_id: tenantId }]);
      // Even the owner cannot rewrite a pending entry, nor delete one outside the system context.
      await expect(db.dataSource.query(`UPDATE audit_pending SET actor = 'x'`)).rejects.toThrow(
        /append-only/,
      );
      await expect(db.dataSource.query(`DELETE FROM audit_pending`)).rejects.toThrow(/append-only/);
      await expect(db.dataSource.query(`TRUNCATE audit_pending`)).rejects.toThrow(/append-only/);
      await audit.flush();
      const last = await db.dataSource.query(`SELECT action FROM audit_log ORDER BY seq DESC LIMIT 2`);
      expect(last).toEqual([{ action: 'test.guarded.global' }, { action: 'test.guarded' }]);
    },
    SLOW,
  );

  it(
    'refuses UPDATE, DELETE and TRUNCATE, even for the owner',
    async () => {
      await expect(db.dataSource.query(`UPDATE audit_log SET actor = 'x' WHERE seq = 1`)).rejects.toThrow(
        /append-only/,
      );
      await expect(db.dataSource.query(`DELETE FROM audit_log WHERE seq = 1`)).rejects.toThrow(/append-only/);
      await expect(db.dataSource.query(`TRUNCATE audit_log`)).rejects.toThrow(/append-only/);
    },
    SLOW,
  );

  describe('tampering (as a superuser, triggers switched off)', () => {
    let snapshot: unknown[];
    beforeEach(async () => {
      await expect(audit.verify()).resolves.toMatchObject({ ok: true });
      snapshot = await db.dataSource.query(`SELECT * FROM audit_log ORDER BY seq`);
    }, SLOW);
    afterEach(async () => {
      // Put the chain back as it was, so each case starts from an intact chain.
      await tamper(`DELETE FROM audit_log`);
      await tamper(
        `INSERT INTO audit_log SELECT * FROM jsonb_populate_recordset(NULL::audit_log, $1::jsonb)`,
        [JSON.stringify(snapshot)],
      );
      const last = snapshot[snapshot.length - 1] as { seq: string; hash: string };
      await db.dataSource.query(`UPDATE audit_chain_head SET seq = $1, hash = $2`, [last.seq, last.hash]);
    }, SLOW);

    it(
      'names the altered entry when a row is changed behind its back',
      async () => {
        await tamper(`UPDATE audit_log SET data = '{"n": 2}' WHERE seq = 5`);
        await expect(audit.verify()).resolves.toMatchObject({
          ok: false,
          checked: 5,
          firstBroken: { seq: '5', reason: 'hash-mismatch' },
        });
      },
      SLOW,
    );

    it(
      'names the entry after one whose hash was recomputed to hide a change',
      async () => {
        await tamper(`UPDATE audit_log SET actor = 'someone-else', hash = repeat('a', 64) WHERE seq = 3`);
        await expect(audit.verify()).resolves.toMatchObject({
          ok: false,
          firstBroken: { seq: '3', reason: 'hash-mismatch' },
        });
        // With a matching (recomputed) hash on 3, the link from 4 breaks instead.
        const [row] = await db.dataSource.query(`SELECT * FROM audit_log WHERE seq = 3`);
        const { entryHash } = await import('../../../src/modules/audit/audit-hash.js');
        const rehashed = entryHash({
          seq: '3',
          at: row.at,
          tenantId: row.tenant_id,
          actor: row.actor,
          action: row.action,
          subject: row.subject,
          data: row.data,
          prevHash: row.prev_hash,
        });
        await tamper(`UPDATE audit_log SET hash = $1 WHERE seq = 3`, [rehashed]);
        await expect(audit.verify()).resolves.toMatchObject({
          ok: false,
          firstBroken: { seq: '4', reason: 'prev-hash-mismatch' },
        });
      },
      SLOW,
    );

    it(
      'names a deleted entry',
      async () => {
        await tamper(`DELETE FROM audit_log WHERE seq = 7`);
        await expect(audit.verify()).resolves.toMatchObject({
          ok: false,
          firstBroken: { seq: '7', reason: 'seq-gap' },
        });
      },
      SLOW,
    );

    it(
      'notices entries cut off the end of the chain',
      async () => {
        const [{ max }] = await db.dataSource.query(`SELECT max(seq)::text AS max FROM audit_log`);
        await tamper(`DELETE FROM audit_log WHERE seq >= $1`, [Number(max) - 1]);
        await expect(audit.verify()).resolves.toMatchObject({
          ok: false,
          firstBroken: { seq: max, reason: 'head-mismatch' },
        });
      },
      SLOW,
    );

    it(
      '`einvoice audit verify` exits 0 when intact and 1 naming the first broken link',
      async () => {
        const env = { DATABASE_URL: db.url };
        const ok = await runCli(auditCommand, ['verify'], env);
        expect(ok.code).toBe(0);
        expect(ok.stdout).toMatch(/audit log intact: \d+ entries verified/);

        await tamper(`UPDATE audit_log SET action = 'test.forged' WHERE seq = 2`);
        const human = await runCli(auditCommand, ['verify'], env);
        expect(human.code).toBe(1);
        expect(human.stdout).toContain('audit log BROKEN at entry 2 (hash-mismatch)');
        const json = await runCli(auditCommand, ['verify', '--json'], env);
        expect(json.code).toBe(1);
        expect(json.json()).toMatchObject({ ok: false, firstBroken: { seq: '2', reason: 'hash-mismatch' } });
      },
      SLOW,
    );
  });

  async function countOf(table: 'audit_log' | 'audit_pending'): Promise<number> {
    const [{ n }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`);
    return n as number;
  }

  /** What only a superuser can do: switch the append-only triggers off for one statement. */
  async function tamper(sql: string, params: unknown[] = []): Promise<void> {
    await db.dataSource.transaction(async (m) => {
      await m.query(`SET LOCAL session_replication_role = replica`);
      await m.query(sql, params);
    });
  }
});
