import { jest } from '@jest/globals';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt, startProcess } from '../../support/process.js';

jest.setTimeout(60_000);

describe('platform: bad configuration', () => {
  let dir: string;

  beforeAll(() => {
    ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), 'einvoice-badcfg-'));
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists every bad variable in one message, exits non-zero and starts nothing', async () => {
    const dataDir = join(dir, 'data');
    const p = startProcess(['dist/main.js'], {
      DATABASE_URL: 'nonsense',
      PROCESS_ROLE: 'foo',
      PORT: '-1',
      EINVOICE_DATA_DIR: dataDir,
    });
    const code = await p.exited(30_000);
    expect(code).toBe(1);
    const out = p.output();
    expect(out).toContain('Invalid configuration (3 problems)');
    for (const name of ['DATABASE_URL', 'PROCESS_ROLE', 'PORT']) expect(out).toContain(name);
    // Not a single log line: nothing was started, not even the embedded database.
    expect(out).not.toMatch(/"level"/);
    expect(existsSync(dataDir)).toBe(false);
  });
});
