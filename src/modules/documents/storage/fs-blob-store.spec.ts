import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FsBlobStore } from './fs-blob-store.js';

describe('FsBlobStore', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'blobs-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('stores content under its sha256 and reads it back', async () => {
    const store = new FsBlobStore(root);
    const bytes = new TextEncoder().encode('<Invoice/>');
    const put = await store.put(bytes);
    expect(put.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(put.created).toBe(true);
    expect((await store.get(put.sha256))?.toString()).toBe('<Invoice/>');
    expect(await store.has(put.sha256)).toBe(true);
  });

  it('stores identical content once and leaves no temporary files', async () => {
    const store = new FsBlobStore(root);
    const bytes = new TextEncoder().encode('same');
    const [a, b] = await Promise.all([store.put(bytes), store.put(bytes)]);
    expect(a.sha256).toBe(b.sha256);
    const again = await store.put(bytes);
    expect(again.created).toBe(false);
    const dir = join(root, a.sha256.slice(0, 2), a.sha256.slice(2, 4));
    expect(readdirSync(dir)).toEqual([a.sha256]);
    expect(statSync(join(dir, a.sha256)).mode & 0o222).toBe(0);
  });

  it('answers null for unknown or malformed keys without touching the file system outside', async () => {
    const store = new FsBlobStore(root);
    expect(await store.get('0'.repeat(64))).toBeNull();
    expect(await store.get('../../etc/passwd')).toBeNull();
    expect(await store.has('../x')).toBe(false);
  });
});
