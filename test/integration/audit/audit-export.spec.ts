import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditRepository } from '../../../src/modules/audit/audit.repository.js';
import { AuditService } from '../../../src/modules/audit/audit.service.js';
import { entryHash } from '../../../src/modules/audit/audit-hash.js';
import * as auditCommand from '../../../src/modules/audit/cli/audit.command.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { runCli } from '../auth/run-cli.js';

/** Time limit for hooks that create a database (a limit, never an assertion). */
const SLOW = 120_000;

const berlinDay = (d: Date) => d.toLocaleDateString('sv-SE', { timeZone: 'Europe/Berlin' });

describe('audit export with chain proof, verified offline', () => {
  let db: TestDatabase;
  let audit: AuditService;
  let env: Record<string, string>;
  let dir: string;
  const a = randomUUID();
  const b = randomUUID();
  const today = berlinDay(new Date());

  beforeAll(async () => {
    db = await createTestDatabase();
    audit = new AuditService(new AuditRepository(db.dataSource));
    env = { DATABASE_URL: db.url };
    dir = mkdtempSync(join(tmpdir(), 'audit-export-'));
    for (const [id, slug] of [
      [a, 'stadt-a'],
      [b, 'stadt-b'],
    ])
      await db.dataSource.query(
        `INSERT INTO tenants (id, name, slug, kind) VALUES ($1, $2, $2, 'municipality')`,
        [id, slug],
      );
    // A's entries interleaved with B's in the one chain.
    await audit.record({
      tenantId: a,
      actor: 'user:1',
      action: 'invoice.received',
      subject: 'invoice:1',
      data: { n: 1 },
    });
    await audit.record({
      tenantId: b,
      actor: 'user:2',
      action: 'invoice.received',
      data: { secret: 'B-GEHEIM' },
    });
    await audit.record({
      tenantId: a,
      actor: 'user:1',
      action: 'approval.decided',
      subject: 'invoice:1',
      data: { amount: '119.00' },
    });
    await audit.record({ tenantId: null, actor: 'system', action: 'installation.note', data: {} });
    await audit.record({
      tenantId: a,
      actor: 'system',
      action: 'records.day_root',
      data: { root: 'ab'.repeat(32) },
    });
    await audit.flush();
  }, SLOW);
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await db?.drop();
  }, SLOW);

  async function exportTo(name: string) {
    const file = join(dir, name);
    const res = await runCli(
      auditCommand,
      ['export', '--tenant', 'stadt-a', '--from', today, '--to', today, '--out', file, '--json'],
      env,
    );
    expect(res.code).toBe(0);
    return { file, summary: res.json() };
  }

  const verify = (file: string) => runCli(auditCommand, ['export', '--verify', file, '--json'], {});

  it(
    "exports A's entries with the hash before the period and B's entries as links without content; verify passes",
    async () => {
      const { file, summary } = await exportTo('a.json');
      expect(summary).toMatchObject({ entries: 3, links: 5 });
      const text = readFileSync(file, 'utf8');
      expect(text).not.toContain('B-GEHEIM');
      const parsed = JSON.parse(text);
      expect(parsed.anchor).toEqual({ seq: '0', hash: '0'.repeat(64) });
      expect(
        parsed.chain.map((l: { seq: string; entry?: { action: string } }) => [
          l.seq,
          l.entry?.action ?? null,
        ]),
      ).toEqual([
        ['1', 'invoice.received'],
        ['2', null],
        ['3', 'approval.decided'],
        ['4', null],
        ['5', 'records.day_root'],
      ]);
      // The proof is the chain itself: each own entry recomputes to its hash with the documented rule.
      const own = parsed.chain[2];
      expect(
        entryHash({ seq: own.seq, ...own.entry, at: new Date(own.entry.at), prevHash: own.prevHash }),
      ).toBe(own.hash);
      const res = await verify(file);
      expect(res.code).toBe(0);
      expect(res.json()).toMatchObject({ ok: true, entries: 3, links: 5, problems: [] });
      const human = await runCli(auditCommand, ['export', '--verify', file], {});
      expect(human.stdout).toContain('audit export intact: 3 entries, 5 chain links verified');
    },
    SLOW,
  );

  it(
    'changing one entry in the file fails verify, naming it',
    async () => {
      const { file } = await exportTo('b.json');
      const parsed = JSON.parse(readFileSync(file, 'utf8'));
      parsed.chain[2].entry.data.amount = '1190.00';
      writeFileSync(file, JSON.stringify(parsed));
      const res = await verify(file);
      expect(res.code).toBe(1);
      expect(res.json().problems).toEqual([
        expect.objectContaining({ seq: '3', action: 'approval.decided', reason: 'hash-mismatch' }),
      ]);
      const human = await runCli(auditCommand, ['export', '--verify', file], {});
      expect(human.stdout).toContain('entry 3: hash-mismatch: entry 3 (approval.decided) was altered');
    },
    SLOW,
  );

  it(
    'a re-hashed entry breaks the next link; a removed link is a gap; a cut-off end misses the head',
    async () => {
      const { file } = await exportTo('c.json');
      const original = JSON.parse(readFileSync(file, 'utf8'));
      const rehashed = structuredClone(original);
      const e = rehashed.chain[0];
      e.entry.actor = 'user:someone-else';
      e.hash = entryHash({ seq: e.seq, ...e.entry, at: new Date(e.entry.at), prevHash: e.prevHash });
      writeFileSync(file, JSON.stringify(rehashed));
      expect((await verify(file)).json().problems).toEqual([
        expect.objectContaining({ seq: '2', reason: 'prev-hash-mismatch' }),
      ]);
      const gap = structuredClone(original);
      gap.chain.splice(1, 1);
      writeFileSync(file, JSON.stringify(gap));
      expect((await verify(file)).json().problems).toEqual(
        expect.arrayContaining([expect.objectContaining({ seq: '3', reason: 'seq-gap' })]),
      );
      const cut = structuredClone(original);
      cut.chain.pop();
      cut.entries = 2;
      writeFileSync(file, JSON.stringify(cut));
      const res = await verify(file);
      expect(res.code).toBe(1);
      expect(res.json().problems).toEqual([expect.objectContaining({ reason: 'format', seq: '4' })]);
    },
    SLOW,
  );

  it(
    'answers a missing or malformed file with exit 1 and a period outside the entries with an empty export',
    async () => {
      const missing = await verify(join(dir, 'nope.json'));
      expect(missing.code).toBe(1);
      expect(missing.json().problems[0]).toMatchObject({ reason: 'format', detail: 'ENOENT' });
      writeFileSync(join(dir, 'x.json'), '{"format":"something-else"}');
      expect((await verify(join(dir, 'x.json'))).json().problems[0].detail).toContain(
        'not an einvoice-audit-export file',
      );
      const file = join(dir, 'empty.json');
      const res = await runCli(
        auditCommand,
        [
          'export',
          '--tenant',
          'stadt-a',
          '--from',
          '2020-01-01',
          '--to',
          '2020-01-31',
          '--out',
          file,
          '--json',
        ],
        env,
      );
      expect(res.json()).toMatchObject({ entries: 0, links: 0, anchor: null });
      expect((await verify(file)).code).toBe(0);
      const usage = await runCli(
        auditCommand,
        ['export', '--tenant', 'a', '--from', '2020-13-01', '--to', '2020-01-31', '--out', file],
        env,
      );
      expect(usage.code).toBe(2);
    },
    SLOW,
  );
});
