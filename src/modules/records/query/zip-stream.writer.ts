import { promisify } from 'node:util';
import { crc32, deflateRaw } from 'node:zlib';

const deflate = promisify(deflateRaw);

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
/** General purpose flag bit 11: the entry's name is UTF-8. */
const UTF8_NAMES = 0x0800;
const STORED = 0;
const DEFLATED = 8;
const MAX_32 = 0xffffffff;
const MAX_ENTRIES = 0xffff;

/** Thrown when the archive would need ZIP64 (an entry or the archive past 4 GiB, more than 65,535 entries). */
export class ZipLimitError extends Error {
  constructor(what: string) {
    super(`ZIP limit exceeded: ${what}`);
    this.name = 'ZipLimitError';
  }
}

interface CentralEntry {
  readonly name: Buffer;
  readonly method: number;
  readonly time: number;
  readonly date: number;
  readonly crc: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly offset: number;
}

/** MS-DOS date and time (two-second resolution) of a moment as read on a German wall clock. */
export function dosDateTime(at: Date): { date: number; time: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Berlin',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((p) => [p.type, Number.parseInt(p.value, 10)]),
  ) as Record<string, number>;
  const year = Math.min(2107, Math.max(1980, parts.year ?? 1980));
  return {
    date: ((year - 1980) << 9) | ((parts.month ?? 1) << 5) | (parts.day ?? 1),
    time: ((parts.hour ?? 0) << 11) | ((parts.minute ?? 0) << 5) | Math.floor((parts.second ?? 0) / 2),
  };
}

/**
 * Writes a ZIP archive (PKWARE APPNOTE 6.3, without ZIP64) entry by entry to a sink, so
 * that an archive of many documents never has to be held in memory as a whole: only the
 * entry being written is. Each entry's content is given complete, which lets its CRC-32
 * and sizes go into the local header (no data descriptors), the most widely readable form.
 * Entries are deflated unless deflating does not make them smaller (PDFs, images).
 *
 * `write` must resolve once the sink accepts more (back-pressure); the writer never
 * writes after `finish()`.
 */
export class ZipStreamWriter {
  private readonly entries: CentralEntry[] = [];
  private readonly names = new Set<string>();
  private offset = 0;
  private finished = false;

  constructor(private readonly write: (chunk: Buffer) => Promise<void>) {}

  /** Bytes written so far. */
  get bytesWritten(): number {
    return this.offset;
  }

  /** Adds an entry; `store` keeps it uncompressed (method 0) even where deflating would be smaller. */
  async add(
    name: string,
    content: Buffer,
    modifiedAt: Date,
    options: { store?: boolean } = {},
  ): Promise<void> {
    if (this.finished) throw new Error('ZIP archive already finished');
    if (!name || name.startsWith('/') || name.split('/').includes('..') || name.includes('\\'))
      throw new Error(`not a safe ZIP entry name: ${JSON.stringify(name)}`);
    if (this.names.has(name)) throw new Error(`duplicate ZIP entry name: ${name}`);
    if (this.entries.length >= MAX_ENTRIES) throw new ZipLimitError('more than 65535 entries');
    if (content.length > MAX_32) throw new ZipLimitError(`entry ${name} larger than 4 GiB`);
    this.names.add(name);

    const compressed = content.length > 0 && !options.store ? await deflate(content) : content;
    const method = compressed.length < content.length ? DEFLATED : STORED;
    const data = method === DEFLATED ? compressed : content;
    const nameBytes = Buffer.from(name, 'utf8');
    const { date, time } = dosDateTime(modifiedAt);
    const entry: CentralEntry = {
      name: nameBytes,
      method,
      time,
      date,
      crc: crc32(content),
      compressedSize: data.length,
      size: content.length,
      offset: this.offset,
    };
    if (entry.offset + 30 + nameBytes.length + data.length > MAX_32)
      throw new ZipLimitError('archive larger than 4 GiB');

    const header = Buffer.alloc(30);
    header.writeUInt32LE(LOCAL_HEADER, 0);
    header.writeUInt16LE(20, 4); // version needed to extract: 2.0 (deflate)
    header.writeUInt16LE(UTF8_NAMES, 6);
    header.writeUInt16LE(method, 8);
    header.writeUInt16LE(time, 10);
    header.writeUInt16LE(date, 12);
    header.writeUInt32LE(entry.crc, 14);
    header.writeUInt32LE(entry.compressedSize, 18);
    header.writeUInt32LE(entry.size, 22);
    header.writeUInt16LE(nameBytes.length, 26);
    header.writeUInt16LE(0, 28); // no extra field
    await this.emit(header);
    await this.emit(nameBytes);
    await this.emit(data);
    this.entries.push(entry);
  }

  /** Writes the central directory and its end record. */
  async finish(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    const start = this.offset;
    for (const e of this.entries) {
      const h = Buffer.alloc(46);
      h.writeUInt32LE(CENTRAL_HEADER, 0);
      h.writeUInt16LE(0x0314, 4); // made by: UNIX (3), spec 2.0 — so the attributes below are read as mode bits
      h.writeUInt16LE(20, 6);
      h.writeUInt16LE(UTF8_NAMES, 8);
      h.writeUInt16LE(e.method, 10);
      h.writeUInt16LE(e.time, 12);
      h.writeUInt16LE(e.date, 14);
      h.writeUInt32LE(e.crc, 16);
      h.writeUInt32LE(e.compressedSize, 20);
      h.writeUInt32LE(e.size, 24);
      h.writeUInt16LE(e.name.length, 28);
      h.writeUInt16LE(0, 30); // extra
      h.writeUInt16LE(0, 32); // comment
      h.writeUInt16LE(0, 34); // disk
      h.writeUInt16LE(0, 36); // internal attributes
      h.writeUInt32LE((0o100444 << 16) >>> 0, 38); // a regular, read-only file
      h.writeUInt32LE(e.offset, 42);
      await this.emit(h);
      await this.emit(e.name);
    }
    const size = this.offset - start;
    if (this.offset > MAX_32) throw new ZipLimitError('archive larger than 4 GiB');
    const end = Buffer.alloc(22);
    end.writeUInt32LE(END_OF_CENTRAL_DIRECTORY, 0);
    end.writeUInt16LE(0, 4);
    end.writeUInt16LE(0, 6);
    end.writeUInt16LE(this.entries.length, 8);
    end.writeUInt16LE(this.entries.length, 10);
    end.writeUInt32LE(size, 12);
    end.writeUInt32LE(start, 16);
    end.writeUInt16LE(0, 20);
    await this.emit(end);
  }

  private async emit(chunk: Buffer): Promise<void> {
    if (chunk.length === 0) return;
    this.offset += chunk.length;
    await this.write(chunk);
  }
}

/** A whole archive in memory, for small containers (an xdomea message with its files). */
export async function zipToBuffer(
  entries: readonly { readonly name: string; readonly content: Buffer }[],
  modifiedAt: Date,
  options: { store?: boolean } = {},
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const zip = new ZipStreamWriter(async (chunk) => {
    chunks.push(chunk);
  });
  for (const e of entries) await zip.add(e.name, e.content, modifiedAt, options);
  await zip.finish();
  return Buffer.concat(chunks);
}
