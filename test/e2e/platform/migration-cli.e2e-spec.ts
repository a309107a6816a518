import { jest } from '@jest/globals';
import { MIGRATIONS } from '../../../src/database/migrations/index.js';
import { type TestDatabase, createTestDatabase } from '../../support/database.js';
import { ensureBuilt, startProcess } from '../../support/process.js';

jest.setTimeout(60_000);

describe('platform: einvoice migration run|show|revert', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    ensureBuilt();
    db = await createTestDatabase({ migrate: false });
  });

  afterAll(async () => {
    await db?.drop();
  });

  async function cli(...args: string[]): Promise<{ code: unknown; json: Record<string, unknown> }> {
    const p = startProcess(['dist/cli.js', 'migration', ...args, '--json'], { DATABASE_URL: db.url });
    const code = await p.exited(30_000);
    const line = p.output().trim().split('\n').pop() ?? '';
    return { code, json: JSON.parse(line) as Record<string, unknown> };
  }

  const names = MIGRATIONS.map((M) => new M().name ?? M.name);

  it('shows pending migrations, applies them, and reverts the last one', async () => {
    const before = await cli('show');
    expect(before.code).toBe(1);
    expect(before.json.migrations).toEqual(names.map((name) => ({ name, applied: false })));

    const run = await cli('run');
    expect(run.code).toBe(0);
    expect(run.json.applied).toEqual(names);

    const after = await cli('show');
    expect(after.code).toBe(0);

    const revert = await cli('revert');
    expect(revert.code).toBe(0);
    expect(revert.json.reverted).toEqual([names[names.length - 1]]);
    expect((await cli('show')).json.migrations).toEqual(
      names.map((name, i) => ({ name, applied: i < names.length - 1 })),
    );
  });
});
