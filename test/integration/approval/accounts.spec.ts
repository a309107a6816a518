/**
 * The chart of accounts against the real database: import through the admin API (CSV body
 * and multipart form) and the operator CLI, all or nothing, merge and replace, the import
 * history and audit entry, search and paging, the one-query lookup of the Kontierung check
 * and the BT-19 prefill — and tenant B never sees tenant A's accounts.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditService } from '../../../src/modules/audit/audit.service.js';
import { AccountsService } from '../../../src/modules/approval/accounts/accounts.service.js';
import * as accountsCommand from '../../../src/modules/approval/accounts/cli/accounts.command.js';
import { withTenant } from '../../../src/database/tenant-transaction.js';
import { startTestApp, type TestApp } from '../../support/app.js';
import { call, IdentityContext, type TenantFixture } from '../auth/identity-context.js';
import { runCli } from '../auth/run-cli.js';

const SLOW = 120_000;

const CHART = [
  'Art;Nummer;Bezeichnung;Aktiv',
  'Haushaltsstelle;1.1100.521100;Unterhaltung Grundstücke;ja',
  'Haushaltsstelle;1.1100.521200;Unterhaltung Gebäude;ja',
  'Sachkonto;1.1100.529900;Sonstiges;nein',
  'Kostenstelle;4711;Bürgerbüro;ja',
  'Kostenstelle;4712;Bauhof;ja',
  'Investitionsnummer;I-2026-001;Straßenausbau Hauptstraße;ja',
].join('\r\n');

describe('chart of accounts: import, search, lookup', () => {
  let t: TestApp;
  let ids: IdentityContext;
  let a: TenantFixture;
  let b: TenantFixture;
  let approverA: { token: string };
  let dir: string;

  beforeAll(async () => {
    t = await startTestApp();
    ids = new IdentityContext(t.app);
    a = await ids.newTenant();
    b = await ids.newTenant();
    approverA = await ids.newUser(a.tenant.id, ['approver']);
    dir = mkdtempSync(join(tmpdir(), 'einvoice-accounts-'));
  }, SLOW);
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t?.close();
  }, SLOW);

  async function upload(
    token: string,
    body: string | Buffer,
    mode?: string,
    contentType = 'text/csv; charset=utf-8',
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are asserted by shape
  ): Promise<{ status: number; body: any }> {
    const res = await fetch(`${t.url}/api/v1/admin/accounts/import${mode ? `?mode=${mode}` : ''}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
      body,
    });
    return { status: res.status, body: await res.json() };
  }

  it(
    'imports a CSV body for an admin, records the import and audits it',
    async () => {
      const res = await upload(a.admin.token, CHART);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        mode: 'merge',
        rowsTotal: 6,
        created: 6,
        updated: 0,
        unchanged: 0,
        deactivated: 0,
        encoding: 'utf-8',
        actor: `user:${a.admin.id}`,
      });
      expect(res.body.fileSha256).toMatch(/^[0-9a-f]{64}$/);
      const history = await call(t.url, 'GET', '/api/v1/admin/accounts/imports', { bearer: a.admin.token });
      expect(history.body.map((i: { id: string }) => i.id)).toEqual([res.body.id]);
      const entries = await t.app.get(AuditService).listForTenant(a.tenant.id);
      expect(entries.find((e) => e.action === 'accounts.imported')).toMatchObject({
        subject: `chart-import:${res.body.id}`,
        data: { mode: 'merge', created: 6, rowsTotal: 6 },
      });
    },
    SLOW,
  );

  it('lists and searches by code prefix, name and kind, in pages', async () => {
    const list = (q: string) => call(t.url, 'GET', `/api/v1/admin/accounts${q}`, { bearer: approverA.token });
    const all = await list('');
    expect(all.status).toBe(200);
    expect(all.body.items.map((x: { code: string }) => x.code)).toEqual([
      '1.1100.521100',
      '1.1100.521200',
      '1.1100.529900',
      'I-2026-001',
      '4711',
      '4712',
    ]);
    expect((await list('?q=1.1100.52')).body.items).toHaveLength(3);
    expect((await list('?q=geb%C3%A4ude')).body.items.map((x: { code: string }) => x.code)).toEqual([
      '1.1100.521200',
    ]);
    expect(
      (await list('?kind=kostenstelle&active=true')).body.items.map((x: { code: string }) => x.code),
    ).toEqual(['4711', '4712']);
    // A `%` in the search is a character, not a wildcard.
    expect((await list('?q=%25')).body.items).toEqual([]);
    const first = await list('?limit=4');
    expect(first.body.items).toHaveLength(4);
    const second = await list(`?limit=4&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((x: { code: string }) => x.code)).toEqual(['4711', '4712']);
    expect(second.body.nextCursor).toBeNull();
    expect((await list('?kind=konto')).body.error.code).toBe('ACCOUNTS_QUERY_INVALID');
  });

  it('imports nothing from a file with a bad row, and lists every problem with its line', async () => {
    const bad = 'art;nummer;bezeichnung\nKostenstelle;4800;neu\nKonto;4801;falsch\nKostenstelle;;leer\n';
    const res = await upload(a.admin.token, bad);
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('ACCOUNTS_CSV_INVALID');
    expect(res.body.error.details.problems).toMatchObject([
      { code: 'ACCOUNTS_CSV_KIND_UNKNOWN', line: 3, column: 'art', value: 'Konto' },
      { code: 'ACCOUNTS_CSV_CODE_MISSING', line: 4, column: 'nummer' },
    ]);
    const found = await call(t.url, 'GET', '/api/v1/admin/accounts?q=4800', { bearer: a.admin.token });
    expect(found.body.items).toEqual([]);
  });

  it('merges a Windows-1252 multipart upload, then replaces: missing codes are deactivated, never deleted', async () => {
    const cp1252 = Buffer.from(
      'art;nummer;bezeichnung\nKostenstelle;4711;B\xfcrgerb\xfcro S\xfcd\n',
      'latin1',
    );
    const form = new FormData();
    form.append('file', new Blob([cp1252], { type: 'text/csv' }), 'kostenstellen.csv');
    const res = await fetch(`${t.url}/api/v1/admin/accounts/import?mode=merge`, {
      method: 'POST',
      headers: { authorization: `Bearer ${a.admin.token}` },
      body: form,
    });
    const merged = await res.json();
    expect(res.status).toBe(200);
    expect(merged).toMatchObject({
      encoding: 'windows-1252',
      fileName: 'kostenstellen.csv',
      updated: 1,
      created: 0,
    });

    // The file lists Kostenstellen only: Buchungsstellen and Investitionen stay as they are.
    const replaced = await upload(
      a.admin.token,
      'kind,code,name\ncost-centre,4711,Bürgerbüro Süd\n',
      'replace',
    );
    expect(replaced.body).toMatchObject({ mode: 'replace', unchanged: 1, deactivated: 1 });
    const ks = await call(t.url, 'GET', '/api/v1/admin/accounts?kind=kostenstelle', {
      bearer: a.admin.token,
    });
    expect(
      ks.body.items.map((x: { code: string; active: boolean; name: string }) => [x.code, x.active, x.name]),
    ).toEqual([
      ['4711', true, 'Bürgerbüro Süd'],
      ['4712', false, 'Bauhof'],
    ]);
    const bs = await call(t.url, 'GET', '/api/v1/admin/accounts?kind=buchungsstelle&active=true', {
      bearer: a.admin.token,
    });
    expect(bs.body.items).toHaveLength(2);
    expect((await upload(a.admin.token, CHART, 'wipe')).body.error.code).toBe('ACCOUNTS_IMPORT_MODE_INVALID');
  });

  it('refuses other media types, other roles and files over 10 MB', async () => {
    expect((await upload(a.admin.token, '{}', 'merge', 'application/json')).status).toBe(415);
    expect((await upload(approverA.token, CHART)).status).toBe(403);
    expect((await upload(a.apiKey.key, CHART)).status).toBe(403);
    const big = await upload(a.admin.token, Buffer.alloc(10 * 1024 * 1024 + 1, 0x41));
    expect([big.status, big.body.error.code]).toEqual([413, 'ACCOUNTS_CSV_TOO_LARGE']);
  });

  it('takes the upload form of the web page only with its CSRF field', async () => {
    const csrf = randomBytes(32).toString('base64url');
    const post = (withField: boolean) => {
      const form = new FormData();
      if (withField) form.append('_csrf', csrf);
      form.append('mode', 'merge');
      form.append('file', new Blob(['art;nummer;bezeichnung\nInvestition;I-WEB-1;Web\n']), 'web.csv');
      return fetch(`${t.url}/admin/accounts/import`, {
        method: 'POST',
        // The CSRF header passes the origin check of cookie requests; the form's own field is what the page checks.
        headers: { cookie: `einvoice_session=${a.admin.token}; einvoice_csrf=${csrf}`, 'x-csrf-token': csrf },
        body: form,
        redirect: 'manual',
      });
    };
    expect((await post(false)).status).toBe(403);
    const res = await post(true);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(/^\/admin\/accounts\?import=[0-9a-f-]{36}$/);
    const found = await call(t.url, 'GET', '/api/v1/admin/accounts?q=I-WEB', { bearer: a.admin.token });
    expect(found.body.items).toMatchObject([{ kind: 'investition', code: 'I-WEB-1' }]);
  });

  it('looks the codes of a Kontierung up in one query and checks it; suggests from BT-19', async () => {
    const accounts = t.app.get(AccountsService);
    const problems = await accounts.checkKontierung(
      a.tenant.id,
      [
        { buchungsstelle: '1.1100.521100', kostenstelle: '4711', amount: '33.33' },
        { buchungsstelle: '1.1100.521200', kostenstelle: '4712', amount: '33.33' },
        { buchungsstelle: '1.1100.529900', investitionsnummer: 'I-2099-9', amount: '33.34' },
      ],
      '100.00',
    );
    expect(problems.map((p) => [p.code, p.line, p.field])).toEqual([
      ['KONTIERUNG_INACTIVE_ACCOUNT', 1, 'kostenstelle'],
      ['KONTIERUNG_INACTIVE_ACCOUNT', 2, 'buchungsstelle'],
      ['KONTIERUNG_UNKNOWN_ACCOUNT', 2, 'investitionsnummer'],
    ]);
    expect(await accounts.suggestFromAccountingReference(a.tenant.id, '1.1100.521100 / 4711')).toEqual({
      buchungsstelle: '1.1100.521100',
      kostenstelle: '4711',
    });
    // Tenant B has no chart: codes of any form pass, nothing is suggested.
    expect(
      await accounts.checkKontierung(
        b.tenant.id,
        [{ buchungsstelle: '1.1100.529900', amount: '1.00' }],
        '1.00',
      ),
    ).toEqual([]);
    expect(await accounts.suggestFromAccountingReference(b.tenant.id, '1.1100.521100')).toBeUndefined();
  });

  it('never shows tenant A’s accounts to tenant B (API and row-level security)', async () => {
    const listed = await call(t.url, 'GET', '/api/v1/admin/accounts', { bearer: b.admin.token });
    expect(listed.body).toEqual({ items: [], nextCursor: null });
    expect(
      (await call(t.url, 'GET', '/api/v1/admin/accounts/imports', { bearer: b.admin.token })).body,
    ).toEqual([]);
    // Even a query without a tenant condition sees only B's rows inside B's transaction.
    const rows = await withTenant(t.db.dataSource, b.tenant.id, async (m) => [
      ...(await m.query<unknown[]>(`SELECT * FROM chart_accounts`)),
      ...(await m.query<unknown[]>(`SELECT * FROM chart_imports`)),
    ]);
    expect(rows).toEqual([]);
    // And a chart of B's own with the same codes is B's alone.
    expect((await upload(b.admin.token, 'art;nummer\nKostenstelle;4711\n')).body.created).toBe(1);
    const aStill = await call(t.url, 'GET', '/api/v1/admin/accounts?q=4711', { bearer: a.admin.token });
    expect(aStill.body.items).toMatchObject([{ code: '4711', name: 'Bürgerbüro Süd' }]);
  });

  it(
    'imports and lists through the operator CLI, and reports bad rows with line numbers',
    async () => {
      const env = { DATABASE_URL: t.db.url };
      const file = join(dir, `chart-${randomBytes(3).toString('hex')}.csv`);
      writeFileSync(
        file,
        Buffer.from('art;nummer;bezeichnung\r\nProdukt;11.1.01;Verwaltungssteuerung\r\n', 'latin1'),
      );
      const imported = await runCli(
        accountsCommand,
        ['import', '--tenant', b.tenant.slug, file, '--json'],
        env,
      );
      expect(imported.code).toBe(0);
      expect(imported.json()).toMatchObject({
        created: 1,
        mode: 'merge',
        actor: expect.stringMatching(/^operator:/),
      });

      const replaced = await runCli(
        accountsCommand,
        ['import', '--tenant', b.tenant.slug, '--replace', file],
        env,
      );
      expect(replaced.code).toBe(0);
      expect(replaced.stdout).toMatch(
        /imported 1 account\(s\) into .* \(replace\): 0 created, 0 updated, 1 unchanged, 0 deactivated/,
      );

      const list = await runCli(accountsCommand, ['list', '--tenant', b.tenant.slug], env);
      expect(list.stdout).toMatch(/buchungsstelle\s+11\.1\.01\s+Verwaltungssteuerung\s+yes/);
      expect(list.stdout).toMatch(/kostenstelle\s+4711/);
      expect(list.stdout).not.toContain('1.1100.521100');

      const bad = join(dir, 'bad.csv');
      writeFileSync(bad, 'art;nummer\nKostenstelle;47 11\n');
      const refused = await runCli(accountsCommand, ['import', '--tenant', b.tenant.slug, bad], env);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('1 problem(s)');
      expect(refused.stderr).toContain("line 2, column nummer: ACCOUNTS_CSV_CODE_INVALID '47 11'");

      expect((await runCli(accountsCommand, ['import', file], env)).code).toBe(2);
    },
    SLOW,
  );
});
