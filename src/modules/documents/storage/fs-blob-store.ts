import { createHash, randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { isSha256, type BlobStore, type StoredBlob } from './blob-store.js';

/**
 * Blob store on the local file system (the data directory by default).
 *
 * Layout: <root>/<aa>/<bb>/<sha256>. A blob is written to a temporary file in the same
 * directory, fsynced, renamed into place and the directory fsynced, so a crash leaves
 * either no blob or the complete one — never a torn file under the final name. Files are
 * made read-only because the store is append-only.
 */
export class FsBlobStore implements BlobStore {
  constructor(private readonly root: string) {}

  private pathOf(sha256: string): string {
    return join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async put(content: Uint8Array): Promise<StoredBlob> {
    const sha256 = createHash('sha256').update(content).digest('hex');
    const target = this.pathOf(sha256);
    if (await exists(target)) return { sha256, size: content.byteLength, created: false };
    const dir = dirname(target);
    await mkdir(dir, { recursive: true });
    const tmp = join(dir, `${TMP_PREFIX}${randomBytes(8).toString('hex')}`);
    const fh = await open(tmp, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o440);
    try {
      await fh.writeFile(content);
      await fh.sync();
    } finally {
      await fh.close();
    }
    try {
      // rename over an existing identical blob (a concurrent writer of the same content) is harmless.
      await rename(tmp, target);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
    await syncDir(dir);
    return { sha256, size: content.byteLength, created: true };
  }

  async get(sha256: string): Promise<Buffer | null> {
    if (!isSha256(sha256)) return null;
    try {
      return await readFile(this.pathOf(sha256));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async has(sha256: string): Promise<boolean> {
    return isSha256(sha256) && exists(this.pathOf(sha256));
  }

  async size(sha256: string): Promise<number | null> {
    if (!isSha256(sha256)) return null;
    try {
      return (await stat(this.pathOf(sha256))).size;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async delete(sha256: string): Promise<boolean> {
    if (!isSha256(sha256)) return false;
    const path = this.pathOf(sha256);
    if (!(await exists(path))) return false;
    await rm(path, { force: true });
    // Durable like a write: a crash right after must not bring the file back.
    await syncDir(dirname(path));
    return true;
  }

  /**
   * Walks `<root>/<aa>/<bb>/` and removes temporary files of `put` older than `olderThanMs`.
   * Only names `put` itself gives its temporary files are touched; a blob, or anything
   * else someone put there, never is.
   */
  async removeOrphans(olderThanMs: number): Promise<number> {
    const before = Date.now() - olderThanMs;
    let removed = 0;
    for (const a of await subdirectories(this.root)) {
      for (const b of await subdirectories(join(this.root, a))) {
        const dir = join(this.root, a, b);
        for (const name of await entries(dir)) {
          if (!TMP_NAME.test(name)) continue;
          const path = join(dir, name);
          const s = await lstat(path).catch(() => undefined);
          if (!s?.isFile() || s.mtimeMs >= before) continue;
          // Another process may clean up at the same time: gone is as good as removed.
          await rm(path, { force: true });
          removed++;
        }
      }
    }
    return removed;
  }
}

const TMP_PREFIX = '.tmp-';
const TMP_NAME = /^\.tmp-[0-9a-f]{16}$/;
const FANOUT_DIR = /^[0-9a-f]{2}$/;

async function entries(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

async function subdirectories(dir: string): Promise<string[]> {
  return (await entries(dir)).filter((name) => FANOUT_DIR.test(name));
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

async function syncDir(dir: string): Promise<void> {
  const fh = await open(dir, constants.O_RDONLY);
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
