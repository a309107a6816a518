import { crc32, inflateRawSync } from 'node:zlib';

export interface CheckedZipEntry {
  readonly name: string;
  readonly data: Buffer;
  readonly method: number;
  /** The general-purpose flags (bit 11: UTF-8 name). */
  readonly flags: number;
}

/**
 * Reads a whole ZIP for tests the way an unzip tool checks one: through the end record
 * and the central directory, every entry's local header must agree with it, and every
 * entry's content must match its CRC-32 and size. Throws on anything else.
 */
export function readZipChecked(zip: Buffer): CheckedZipEntry[] {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0 || eocd + 22 > zip.length) throw new Error('no end of central directory');
  const count = zip.readUInt16LE(eocd + 10);
  const cdSize = zip.readUInt32LE(eocd + 12);
  let p = zip.readUInt32LE(eocd + 16);
  if (p + cdSize !== eocd) throw new Error('central directory does not end at the end record');
  const out: CheckedZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(p) !== 0x02014b50) throw new Error(`bad central header ${i}`);
    const flags = zip.readUInt16LE(p + 8);
    const method = zip.readUInt16LE(p + 10);
    const crc = zip.readUInt32LE(p + 16);
    const csize = zip.readUInt32LE(p + 20);
    const size = zip.readUInt32LE(p + 24);
    const nlen = zip.readUInt16LE(p + 28);
    const xlen = zip.readUInt16LE(p + 30);
    const clen = zip.readUInt16LE(p + 32);
    const local = zip.readUInt32LE(p + 42);
    const name = zip.subarray(p + 46, p + 46 + nlen).toString('utf8');
    p += 46 + nlen + xlen + clen;
    if (zip.readUInt32LE(local) !== 0x04034b50) throw new Error(`bad local header for ${name}`);
    if (zip.readUInt32LE(local + 14) !== crc || zip.readUInt32LE(local + 18) !== csize)
      throw new Error(`local header of ${name} disagrees with the central directory`);
    const lnlen = zip.readUInt16LE(local + 26);
    const lxlen = zip.readUInt16LE(local + 28);
    const start = local + 30 + lnlen + lxlen;
    const raw = zip.subarray(start, start + csize);
    const data = method === 8 ? inflateRawSync(raw) : method === 0 ? Buffer.from(raw) : undefined;
    if (!data) throw new Error(`unknown method ${method} for ${name}`);
    if (data.length !== size) throw new Error(`size of ${name} is ${data.length}, not ${size}`);
    if (crc32(data) !== crc) throw new Error(`CRC-32 of ${name} does not match`);
    out.push({ name, data, method, flags });
  }
  return out;
}
