/**
 * A crash in the middle of a write leaves a temporary file in the raw store; the next
 * start removes it — once it is old enough that no running write can own it — and never
 * touches a stored blob.
 */
import { jest } from '@jest/globals';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BlobStoreJanitor } from '../../../src/modules/documents/storage/blob-store.janitor.js';
import { startTestApp, type TestApp } from '../../support/app.js';

jest.setTimeout(120_000);

describe('raw store clean-up at start', () => {
  let t: TestApp | undefined;
  let blobDir: string;

  beforeAll(() => {
    blobDir = mkdtempSync(join(tmpdir(), 'einvoice-blobs-'));
  });

  afterAll(async () => {
    await t?.close();
    rmSync(blobDir, { recursive: true, force: true });
  });

  it('removes orphaned temporary files and keeps blobs and writes under way', async () => {
    const content = '<Invoice>kept</Invoice>';
    const sha = createHash('sha256').update(content).digest('hex');
    const dir = join(blobDir, sha.slice(0, 2), sha.slice(2, 4));
    mkdirSync(dir, { recursive: true });
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    const write = (name: string, body: string, old: boolean) => {
      const path = join(dir, name);
      writeFileSync(path, body);
      if (old) utimesSync(path, twoHoursAgo, twoHoursAgo);
      return path;
    };
    const blob = write(sha, content, true);
    const orphan = write('.tmp-00112233445566ff', '<Invoice>cut off', true);
    const recent = write('.tmp-ffeeddccbbaa0099', '<Invoice>being written', false);

    t = await startTestApp({ BLOB_STORE_DIR: blobDir });
    expect(await t.app.get(BlobStoreJanitor).done).toBe(1);
    expect(existsSync(orphan)).toBe(false);
    expect(existsSync(recent)).toBe(true);
    expect(existsSync(blob)).toBe(true);
  });
});
