import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Expands the command line: files are taken as given (whatever their extension, so a
 * missing file still gets its report line); directories are walked recursively for
 * .xml and .pdf files in a stable (sorted) order.
 */
export async function collectFiles(paths: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    let isDir = false;
    try {
      isDir = (await stat(p)).isDirectory();
    } catch {
      isDir = false;
    }
    if (isDir) await walk(p, out);
    else out.push(p);
  }
  return out;
}

async function walk(dir: string, out: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) await walk(p, out);
    else if (e.isFile() && /\.(xml|pdf)$/i.test(e.name)) out.push(p);
  }
}
