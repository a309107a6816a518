/**
 * Production mode: the application connects as the (non-superuser) owner of its tables,
 * not as a superuser. FORCE ROW LEVEL SECURITY then applies to the owner too, so a query
 * that forgot its scope sees nothing, and the deliberate cross-tenant paths (login by
 * e-mail, operator listings, audit verification) work only through `withSystemContext`.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { TransactionRunner, withSystemContext } from '../../../src/database/tenant-transaction.js';
import { createDataSource } from '../../../src/database/data-source.js';
import { loadConfig } from '../../../src/config/app-config.js';
import { AuthService } from '../../../src/modules/auth/auth.service.js';
import { identityServices, type IdentityServices } from '../../../src/modules/auth/cli/cli-support.js';
import { ApiKeyRepository } from '../../../src/modules/auth/api-key.repository.js';
import { LoginThrottleRepository } from '../../../src/modules/auth/login-throttle.repository.js';
import { PasswordHasher } from '../../../src/modules/auth/password-hasher.js';
import { SessionRepository } from '../../../src/modules/auth/session.repository.js';
import { UserRepository } from '../../../src/modules/auth/user.repository.js';
import { databaseUrlFor, TEST_DATABASE_ADMIN_URL } from '../../support/database.js';

/** Time limit for hooks and tests that boot the app or hash passwords (a limit, never an assertion). */
const SLOW = 120_000;

describe('connected as the non-superuser table owner', () => {
  const suffix = randomBytes(5).toString('hex');
  const owner = `einvoice_t_owner_${suffix}`;
  const database = `einvoice_t_owner_${suffix}`;
  let admin: pg.Client;
  let ds: DataSource;
  let svc: IdentityServices;

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: TEST_DATABASE_ADMIN_URL });
    await admin.connect();
    // What a DBA does once per deployment: a login role owning the database, a member of
    // the application role (created here if this cluster never ran the migrations).
    await admin.query(`CREATE ROLE ${owner} LOGIN PASSWORD '${suffix}'`);
    await admin.query(
      `DO $$ BEGIN CREATE ROLE einvoice_app NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$`,
    );
    await admin.query(`GRANT einvoice_app TO ${owner}`);
    await admin.query(`CREATE DATABASE ${database} OWNER ${owner}`);
    const url = new URL(databaseUrlFor(database));
    url.username = owner;
    url.password = suffix;
    ds = createDataSource(url.toString(), { poolSize: 3 });
    await ds.initialize();
    await ds.runMigrations({ transaction: 'each' });
    svc = identityServices(ds);
  }, 60_000);
  afterAll(async () => {
    await ds?.destroy();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.query(`DROP ROLE IF EXISTS ${owner}`);
    await admin.end();
  }, SLOW);

  it(
    'runs the migrations and is no superuser',
    async () => {
      const [row] = await ds.query<{ super: boolean }[]>(
        `SELECT rolsuper AS super FROM pg_roles WHERE rolname = current_user`,
      );
      expect(row).toEqual({ super: false });
    },
    SLOW,
  );

  it(
    'creates tenants and users, lists them across tenants only through the system context',
    async () => {
      const a = await svc.tenants.create({ name: 'Owner A' }, 'test');
      const b = await svc.tenants.create({ name: 'Owner B', kind: 'company' }, 'test');
      await svc.users.create(
        a.id,
        { email: 'a@owner.example', roles: ['admin'], password: 'password-of-a-1' },
        'test',
      );
      await svc.users.create(
        b.id,
        { email: 'b@owner.example', roles: ['admin'], password: 'password-of-b-1' },
        'test',
      );
      expect((await svc.tenants.listAll()).map((t) => t.slug)).toEqual(['owner-a', 'owner-b']);
      expect((await svc.users.listAll()).map((u) => u.email)).toEqual(
        expect.arrayContaining(['a@owner.example', 'b@owner.example']),
      );
      expect((await svc.users.list(a.id)).map((u) => u.email)).toEqual(['a@owner.example']);
    },
    SLOW,
  );

  it(
    'sees no tenant rows at all without a scope, FORCE applying to the owner',
    async () => {
      for (const table of ['tenants', 'users', 'audit_log', 'tenant_receiver_ids']) {
        const [row] = await ds.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM ${table}`);
        expect({ table, n: row.n }).toEqual({ table, n: 0 });
      }
      const inSystem = await withSystemContext(ds, (m) =>
        m.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM users`),
      );
      expect(inSystem[0].n).toBe(2);
    },
    SLOW,
  );

  it(
    'logs in by e-mail (tenant unknown until the user is found) and verifies the audit chain',
    async () => {
      const auth = new AuthService(
        new UserRepository(ds),
        new SessionRepository(ds),
        new ApiKeyRepository(ds),
        new PasswordHasher(),
        svc.audit,
        loadConfig({ DATABASE_URL: 'postgres://x@127.0.0.1/x' }),
        new TransactionRunner(ds),
        svc.tenants,
        new LoginThrottleRepository(ds),
      );
      const { token, principal } = await auth.login('b@owner.example', 'password-of-b-1');
      expect(principal.roles).toEqual(['admin']);
      await expect(auth.authenticateSession(token)).resolves.toMatchObject({ id: principal.id });
      await expect(auth.login('a@owner.example', 'wrong-password')).rejects.toMatchObject({
        code: 'AUTH_INVALID_CREDENTIALS',
      });
      await expect(svc.audit.verify()).resolves.toMatchObject({ ok: true });
    },
    SLOW,
  );

  it(
    'cannot alter or delete audit entries, though it owns the table',
    async () => {
      await expect(withSystemContext(ds, (m) => m.query(`DELETE FROM audit_log`))).rejects.toThrow(
        /append-only/,
      );
    },
    SLOW,
  );
});
