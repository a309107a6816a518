import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
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
    expect(await store.size(put.sha256)).toBe(10);
    expect(await store.size('0'.repeat(64))).toBeNull();
    expect(await store.size('../etc/passwd')).toBeNull();
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

  it('removes temporary files older than the given age, and nothing else', async () => {
    const store = new FsBlobStore(root);
    const blob = await store.put(new TextEncoder().encode('kept'));
    const dir = join(root, blob.sha256.slice(0, 2), blob.sha256.slice(2, 4));
    const other = join(root, 'ab', 'cd');
    mkdirSync(other, { recursive: true });
    const hourAgo = new Date(Date.now() - 3600_000);
    const file = (path: string, old: boolean) => {
      writeFileSync(path, 'x');
      if (old) utimesSync(path, hourAgo, hourAgo);
      return path;
    };
    const orphans = [
      file(join(dir, '.tmp-0123456789abcdef'), true),
      file(join(other, '.tmp-fedcba9876543210'), true),
    ];
    const kept = [
      // A write of another process under way.
      file(join(dir, '.tmp-00000000000000ff'), false),
      // Not a temporary file of the store, however old.
      file(join(other, '.tmp-notes'), true),
      file(join(other, 'README'), true),
      file(join(root, '.tmp-0123456789abcdef'), true),
    ];
    utimesSync(join(dir, blob.sha256), hourAgo, hourAgo);

    expect(await store.removeOrphans(60_000)).toBe(2);
    for (const f of orphans) expect(existsSync(f)).toBe(false);
    for (const f of kept) expect(existsSync(f)).toBe(true);
    expect((await store.get(blob.sha256))?.toString()).toBe('kept');
    expect(await store.removeOrphans(60_000)).toBe(0);
    expect(await new FsBlobStore(join(root, 'missing')).removeOrphans(0)).toBe(0);
  });

  it('deletes a stored blob once, leaves other blobs, and refuses a malformed key', async () => {
    const store = new FsBlobStore(root);
    const a = await store.put(new TextEncoder().encode('a'));
    const b = await store.put(new TextEncoder().encode('b'));
    expect(await store.delete(a.sha256)).toBe(true);
    expect(await store.has(a.sha256)).toBe(false);
    expect(await store.get(a.sha256)).toBeNull();
    expect(await store.delete(a.sha256)).toBe(false);
    expect((await store.get(b.sha256))?.toString()).toBe('b');
    expect(await store.delete('../../etc/passwd')).toBe(false);
    // Stored again after the deletion, the content is back under the same key.
    expect((await store.put(new TextEncoder().encode('a'))).created).toBe(true);
  });

  it('answers null for unknown or malformed keys without touching the file system outside', async () => {
    const store = new FsBlobStore(root);
    expect(await store.get('0'.repeat(64))).toBeNull();
    expect(await store.get('../../etc/passwd')).toBeNull();
    expect(await store.has('../x')).toBe(false);
  });
});
