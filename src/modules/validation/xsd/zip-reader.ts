import { inflateRawSync } from 'node:zlib';

/**
 * A minimal ZIP reader (stored and deflated entries, via the central directory) for
 * offline schema installs. Bounded: entries larger than `maxEntryBytes` are refused,
 * so a ZIP bomb cannot exhaust memory.
 */
export interface ZipEntry {
  readonly name: string;
  readonly size: number;
  read(): Buffer;
}

const EOCD = 0x06054b50;
const CEN = 0x02014b50;
const LOC = 0x04034b50;

export function readZip(zip: Buffer, maxEntryBytes = 64 * 1024 * 1024): ZipEntry[] {
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a ZIP file (no end of central directory)');
  const count = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (p + 46 > zip.length || zip.readUInt32LE(p) !== CEN) throw new Error('damaged ZIP central directory');
    const method = zip.readUInt16LE(p + 10);
    const compressed = zip.readUInt32LE(p + 20);
    const size = zip.readUInt32LE(p + 24);
    const nameLen = zip.readUInt16LE(p + 28);
    const extraLen = zip.readUInt16LE(p + 30);
    const commentLen = zip.readUInt16LE(p + 32);
    const local = zip.readUInt32LE(p + 42);
    const name = zip.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    p += 46 + nameLen + extraLen + commentLen;
    if (name.endsWith('/')) continue;
    entries.push({
      name,
      size,
      read() {
        if (size > maxEntryBytes) throw new Error(`${name}: entry too large`);
        if (zip.readUInt32LE(local) !== LOC) throw new Error(`${name}: damaged local header`);
        const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
        const data = zip.subarray(start, start + compressed);
        if (method === 0) return Buffer.from(data);
        if (method === 8) return inflateRawSync(data, { maxOutputLength: Math.max(size, 1) });
        throw new Error(`${name}: unsupported compression method ${method}`);
      },
    });
  }
  return entries;
}
